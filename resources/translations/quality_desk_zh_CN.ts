<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>BackupDialog</name>
    <message>
        <location filename="../../desktop/ui/backup_dialog.py" line="59"/>
        <source>Back up</source>
        <translation>备份</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backup_dialog.py" line="63"/>
        <source>A copy of every record of this PC. Keep one on a USB drive or another PC: if this PC breaks, 文件 → 恢复 on a new one brings everything back.</source>
        <translation>本机全部记录的一份副本。请在U盘或另一台电脑上也存一份：本机损坏时，在新电脑上用“文件 → 恢复”即可找回全部记录。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backup_dialog.py" line="71"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backup_dialog.py" line="73"/>
        <location filename="../../desktop/ui/backup_dialog.py" line="91"/>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backup_dialog.py" line="81"/>
        <source>Back up now</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backup_dialog.py" line="106"/>
        <source>Back up again</source>
        <translation>再备份一次</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backup_dialog.py" line="114"/>
        <location filename="../../desktop/ui/backup_dialog.py" line="128"/>
        <source>Restore from a backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backup_dialog.py" line="116"/>
        <source>Quality Desk backups (*.sqlite3);;All files (*)</source>
        <translation>质量提升台账备份 (*.sqlite3);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backup_dialog.py" line="125"/>
        <source>county office</source>
        <translation>县级单位</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backup_dialog.py" line="129"/>
        <source>Replace the records of this PC with the backup {name} ({office}, {records} records)?
The current records are backed up first, so this can be undone.</source>
        <translation>用备份 {name}（{office}，{records} 条记录）替换本机的记录吗？
替换前会先备份当前记录，可以撤销。</translation>
    </message>
</context>
<context>
    <name>CompletenessView</name>
    <message>
        <location filename="../../desktop/ui/sync/completeness_view.py" line="57"/>
        <source>Sequence gaps, forks and hash-chain breaks</source>
        <translation>序号缺失、分叉和哈希链断裂</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/completeness_view.py" line="64"/>
        <source>received</source>
        <translation>已收到</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/completeness_view.py" line="65"/>
        <source>nothing to report</source>
        <translation>无数据上报</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/completeness_view.py" line="66"/>
        <source>late</source>
        <translation>迟交</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/completeness_view.py" line="67"/>
        <source>missing</source>
        <translation>缺报</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/completeness_view.py" line="68"/>
        <source>not yet due</source>
        <translation>未到期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/completeness_view.py" line="73"/>
        <source>packages never imported</source>
        <translation>有包未导入</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/completeness_view.py" line="75"/>
        <source>two different packages with the same number (restored backup or copy)</source>
        <translation>两个不同的包使用同一序号（恢复了旧备份或复制了数据文件夹）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/completeness_view.py" line="77"/>
        <source>previous-package hash does not match</source>
        <translation>与上一个包的哈希不符</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/completeness_view.py" line="100"/>
        <source>{month}: {state}</source>
        <translation>{month}：{state}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/completeness_view.py" line="103"/>
        <source>Waiting for: %1</source>
        <translation>等待：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/completeness_view.py" line="111"/>
        <source>{township} ({pc}): {problem} — {numbers}</source>
        <translation>{township}（{pc}）：{problem} — {numbers}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/completeness_view.py" line="115"/>
        <source>, </source>
        <comment>between package numbers</comment>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/completeness_view.py" line="119"/>
        <source>No gaps or breaks.</source>
        <translation>没有缺号或断链。</translation>
    </message>
</context>
<context>
    <name>ConflictsView</name>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="45"/>
        <source>Ledger</source>
        <translation>台账</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="45"/>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="45"/>
        <source>Township</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="45"/>
        <source>Found</source>
        <translation>发现时间</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="66"/>
        <source>Keep the current version</source>
        <translation>保留当前版本</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="67"/>
        <source>Keep the other version</source>
        <translation>保留另一版本</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="96"/>
        <source>%1 conflict(s) wait for a decision. Nothing was overwritten silently: the other version is kept here until you choose.</source>
        <translation>有 %1 个冲突待处理。没有任何数据被悄悄覆盖：另一版本保存在这里，直到您作出选择。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="100"/>
        <source>No conflicts wait for a decision.</source>
        <translation>没有待处理的冲突。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="124"/>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="143"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="124"/>
        <source>Current version</source>
        <translation>当前版本</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="124"/>
        <source>Other version</source>
        <translation>另一版本</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="144"/>
        <source>Current version — %1, %2</source>
        <translation>当前版本 — %1，%2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="147"/>
        <source>Other version — %1, %2</source>
        <translation>另一版本 — %1，%2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="163"/>
        <source>Deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="180"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="180"/>
        <source>No</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>CopyPlanDialog</name>
    <message>
        <location filename="../../desktop/ui/dashboard/plans_dialog.py" line="63"/>
        <source>Copy as a new plan</source>
        <translation>复制为新规划</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/plans_dialog.py" line="68"/>
        <source>e.g. 质量提升三年行动（2023—2025年）</source>
        <translation>如：质量提升三年行动（2023—2025年）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/plans_dialog.py" line="74"/>
        <source>Plan id</source>
        <translation>规划编号</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/plans_dialog.py" line="75"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/plans_dialog.py" line="76"/>
        <source>Window from</source>
        <translation>计数期开始</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/plans_dialog.py" line="77"/>
        <source>Window to</source>
        <translation>计数期结束</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <location filename="../../desktop/ui/errors.py" line="52"/>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="55"/>
        <source>(the log could not be written)</source>
        <translation>（无法写入日志文件）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="58"/>
        <source>Sorry, an unexpected error occurred. Your saved records are safe.
Please send the details below to the county office. Log file: {path}</source>
        <translation>抱歉，程序出现意外错误。已保存的记录不受影响。
请把下面的详细信息发给县质量强县办。日志文件：{path}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="68"/>
        <source>Copy details</source>
        <translation>复制详细信息</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <location filename="../../desktop/ui/dashboard/screen.py" line="29"/>
        <source>Targets</source>
        <translation>目标完成情况</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/screen.py" line="31"/>
        <source>Monthly report and imports</source>
        <translation>月报与企业名单导入</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/screen.py" line="38"/>
        <location filename="../../desktop/ui/quick_start.py" line="502"/>
        <source>Targets and reports</source>
        <translation>目标与报表</translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message>
        <location filename="../../desktop/ui/dashboard/view.py" line="75"/>
        <source>As of</source>
        <translation>截至</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/view.py" line="87"/>
        <source>Whole county</source>
        <translation>全县</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/view.py" line="92"/>
        <source>The plan whose targets and counting window are shown</source>
        <translation>显示哪一个规划的目标与计数期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/view.py" line="95"/>
        <source>Plans…</source>
        <translation>规划…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/view.py" line="97"/>
        <source>The plans: windows, targets and the categories counted (county: edit, copy)</source>
        <translation>各轮规划：计数期、目标及计入的类别（县级可修改、复制）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/view.py" line="101"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/view.py" line="110"/>
        <source>Export PDF…</source>
        <translation>导出PDF…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/view.py" line="121"/>
        <source>Target</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/view.py" line="122"/>
        <source>Value</source>
        <translation>当前值</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/view.py" line="123"/>
        <source>Goal</source>
        <translation>目标</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/view.py" line="124"/>
        <source>Progress</source>
        <translation>完成进度</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/view.py" line="125"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/view.py" line="192"/>
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/view.py" line="205"/>
        <source> (current)</source>
        <translation>（当前规划）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/view.py" line="216"/>
        <source>Plan: {name} · counting window {start} to {end}</source>
        <translation>规划：{name} · 计数期 {start} 至 {end}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/view.py" line="244"/>
        <source>Section {section}</source>
        <translation>第{section}部分</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/view.py" line="263"/>
        <source>{reached} reached · {on_track} on track · {behind} behind · {none} no data</source>
        <translation>已达标 {reached} 项 · 按进度 {on_track} 项 · 滞后 {behind} 项 · 无数据 {none} 项</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/view.py" line="296"/>
        <source>Entered by {who} on {day}, source: {source}</source>
        <translation>{who} 于 {day} 填报，来源：{source}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/view.py" line="369"/>
        <source>{plan} · as of {day} · {value} / target {goal}</source>
        <translation>{plan} · 截至 {day} · {value} / 目标 {goal}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/view.py" line="447"/>
        <source>Export dashboard as PDF</source>
        <translation>导出目标完成情况为PDF</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/view.py" line="457"/>
        <source>PDF saved: {name}</source>
        <translation>PDF已导出：{name}</translation>
    </message>
</context>
<context>
    <name>DateEdit</name>
    <message>
        <location filename="../../desktop/ui/date_edit.py" line="43"/>
        <source>YYYY-MM-DD, e.g. 20261121</source>
        <translation>年-月-日，如 20261121</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/date_edit.py" line="49"/>
        <source>Calendar (F4)</source>
        <translation>日历（F4）</translation>
    </message>
</context>
<context>
    <name>DrillDownDialog</name>
    <message>
        <location filename="../../desktop/ui/dashboard/drill.py" line="58"/>
        <source>{count} records in “{ledger}” lie behind this figure.</source>
        <translation>该数字来自“{ledger}”中的 {count} 条记录。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/drill.py" line="62"/>
        <source>The first {shown} are listed.</source>
        <translation>下面列出前 {shown} 条。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/drill.py" line="64"/>
        <source>Supporting {ledger}: {count}.</source>
        <translation>相关{ledger}：{count} 条。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/drill.py" line="68"/>
        <source>Double-click a record to open it.</source>
        <translation>双击一条记录可打开它。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/drill.py" line="102"/>
        <source>Export to Excel…</source>
        <translation>导出为 Excel…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/drill.py" line="124"/>
        <source>Export records to Excel</source>
        <translation>将记录导出为 Excel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/drill.py" line="131"/>
        <source>{count} records written to {name}</source>
        <translation>已将 {count} 条记录写入 {name}</translation>
    </message>
</context>
<context>
    <name>EnterprisePicker</name>
    <message>
        <location filename="../../desktop/ui/pickers.py" line="63"/>
        <source>Type a name or credit code</source>
        <translation>输入企业名称或统一社会信用代码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pickers.py" line="72"/>
        <source>New…</source>
        <translation>新建…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pickers.py" line="73"/>
        <source>Add a new enterprise</source>
        <translation>新增企业</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pickers.py" line="102"/>
        <source>“{text}” is not in the register — Tab to “New…” and press Enter to add it.</source>
        <translation>企业名录中未找到“{text}”——按 Tab 到“新建…”，再按回车即可登记这家企业。</translation>
    </message>
</context>
<context>
    <name>ErrorReporter</name>
    <message>
        <location filename="../../desktop/ui/errors.py" line="102"/>
        <source>Quality Desk</source>
        <translation>质量提升台账</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../desktop/ui/sync/export_dialog.py" line="56"/>
        <source>Export reference data</source>
        <translation>导出基础数据</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/export_dialog.py" line="56"/>
        <source>Export monthly package</source>
        <translation>导出月度数据包</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/export_dialog.py" line="66"/>
        <source>Reporting month</source>
        <translation>报告期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/export_dialog.py" line="67"/>
        <source>All records, not only the changes since the last export</source>
        <translation>全部记录（不只是上次导出以来的改动）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/export_dialog.py" line="69"/>
        <source>Also write a readable Excel summary beside it</source>
        <translation>同时生成一份可阅读的 Excel 清单</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/export_dialog.py" line="77"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/export_dialog.py" line="81"/>
        <location filename="../../desktop/ui/sync/export_dialog.py" line="102"/>
        <source>Save to folder</source>
        <translation>保存到文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/export_dialog.py" line="84"/>
        <source>The package holds every change since the last export and is signed.</source>
        <translation>数据包包含上次导出以来的全部改动，并已签名。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/export_dialog.py" line="92"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/export_dialog.py" line="112"/>
        <source>Writing the package…</source>
        <translation>正在写入数据包…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/export_dialog.py" line="135"/>
        <source>%1 reference packages written to %2 (one per township, with its records).</source>
        <translation>已写出 %1 个基础数据包到 %2（每个乡镇一个，含该乡镇的记录）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/export_dialog.py" line="150"/>
        <source>Nothing changed: the package says “nothing to report”.</source>
        <translation>没有改动：本包为“本月无数据上报”。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/export_dialog.py" line="152"/>
        <source>%1 record(s).</source>
        <translation>共 %1 条记录。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/export_dialog.py" line="153"/>
        <source> Encrypted to the county.</source>
        <translation>已加密，只有县级能打开。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/export_dialog.py" line="155"/>
        <source>Package No. %1 written: %2</source>
        <translation>第 %1 号数据包已写入：%2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/export_dialog.py" line="162"/>
        <source>Summary: %1</source>
        <translation>清单：%1</translation>
    </message>
</context>
<context>
    <name>FileDoneBar</name>
    <message>
        <location filename="../../desktop/ui/file_actions.py" line="101"/>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/file_actions.py" line="104"/>
        <source>Copy to USB drive…</source>
        <translation>复制到U盘…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/file_actions.py" line="115"/>
        <source>Written: {name}</source>
        <translation>已写入：{name}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/file_actions.py" line="126"/>
        <source>No USB drive found: plug one in and try again</source>
        <translation>未发现U盘：请插入U盘后再试</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/file_actions.py" line="142"/>
        <source>Could not copy to {folder}: {reason}</source>
        <translation>无法复制到 {folder}：{reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/file_actions.py" line="148"/>
        <source>Copied to {path}. Remove the drive safely before pulling it out.</source>
        <translation>已复制到 {path}。拔出U盘前请先“安全删除”。</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="133"/>
        <location filename="../../desktop/ui/import_wizard.py" line="156"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="136"/>
        <source>Choose the ledger and the office&apos;s own spreadsheet (.xlsx from Excel or WPS, or .csv). Nothing is written until the last step.</source>
        <translation>选择台账和本单位自己的表格（Excel 或 WPS 的 .xlsx，或 .csv）。最后一步之前不会写入任何内容。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="147"/>
        <source>Ledger</source>
        <translation>台账</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="150"/>
        <source>Path of the file</source>
        <translation>文件路径</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="152"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="163"/>
        <source>Choose a spreadsheet</source>
        <translation>选择表格文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="175"/>
        <source>There is no file {path}.</source>
        <translation>找不到文件 {path}。</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <location filename="../../desktop/ui/filter_bar.py" line="59"/>
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/filter_bar.py" line="68"/>
        <source>All townships</source>
        <translation>全部乡镇</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/filter_bar.py" line="73"/>
        <source>From</source>
        <translation>起始日期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/filter_bar.py" line="74"/>
        <source>To</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/filter_bar.py" line="81"/>
        <source>All results</source>
        <translation>全部结论</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/filter_bar.py" line="91"/>
        <source>Overdue</source>
        <translation>逾期未整改</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/filter_bar.py" line="92"/>
        <source>Any rectification</source>
        <translation>全部整改状态</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/filter_bar.py" line="97"/>
        <source>Expiring within {days} days</source>
        <translation>{days}天内到期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/filter_bar.py" line="101"/>
        <source>Show deleted</source>
        <translation>显示已删除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/filter_bar.py" line="109"/>
        <source>enterprise name or credit code</source>
        <translation>企业名称或信用代码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/filter_bar.py" line="111"/>
        <source>Search (Ctrl+F): {fields}…</source>
        <translation>搜索（Ctrl+F）：{fields}…</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="122"/>
        <source>Quality Desk — first start</source>
        <translation>质量提升台账 — 首次使用</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="130"/>
        <source>Create</source>
        <translation>创建</translation>
    </message>
</context>
<context>
    <name>FolderPage</name>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="99"/>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="100"/>
        <source>The ledger is kept in this folder. Back it up regularly.</source>
        <translation>台账数据保存在此文件夹中，请定期备份。</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <location filename="../../desktop/ui/help.py" line="26"/>
        <source>User guide</source>
        <translation>使用说明</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <location filename="../../desktop/ui/history.py" line="107"/>
        <source>History — {title}</source>
        <translation>修改记录 — {title}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/history.py" line="113"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/history.py" line="114"/>
        <source>Operator</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/history.py" line="115"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/history.py" line="116"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/history.py" line="117"/>
        <source>Before</source>
        <translation>修改前</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/history.py" line="118"/>
        <source>After</source>
        <translation>修改后</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/history.py" line="130"/>
        <source>No change recorded for this record yet: it has not been edited in this program since it was entered or received.</source>
        <translation>本条记录尚无修改记录：录入或接收后未在本程序中修改过。</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../desktop/ui/sync/import_dialog.py" line="70"/>
        <source>Import packages</source>
        <translation>导入数据包</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/import_dialog.py" line="74"/>
        <source>Choose package files…</source>
        <translation>选择数据包文件…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/import_dialog.py" line="76"/>
        <source>No files chosen</source>
        <translation>尚未选择文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/import_dialog.py" line="83"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/import_dialog.py" line="84"/>
        <source>From</source>
        <translation>来自</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/import_dialog.py" line="85"/>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/import_dialog.py" line="86"/>
        <source>Period</source>
        <translation>报告期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/import_dialog.py" line="87"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/import_dialog.py" line="88"/>
        <source>Created</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/import_dialog.py" line="89"/>
        <source>Updated</source>
        <translation>更新</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/import_dialog.py" line="90"/>
        <source>Unchanged</source>
        <translation>未变</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/import_dialog.py" line="91"/>
        <source>Deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/import_dialog.py" line="92"/>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/import_dialog.py" line="93"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/import_dialog.py" line="101"/>
        <source>Packages are checked first (a dry run); nothing is saved until you import.</source>
        <translation>先检查数据包（试导入），点击“导入”之前不会保存任何数据。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/import_dialog.py" line="107"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/import_dialog.py" line="118"/>
        <source>Choose package files</source>
        <translation>选择数据包文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/import_dialog.py" line="120"/>
        <source>Quality Desk packages (*.qdpkg *.zip);;All files (*)</source>
        <translation>质量提升台账数据包 (*.qdpkg *.zip);;所有文件 (*)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/sync/import_dialog.py" line="129"/>
        <source>%n file(s) chosen</source>
        <translation>
            <numerusform>已选择 %n 个文件</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/import_dialog.py" line="133"/>
        <source>Checking packages…</source>
        <translation>正在检查数据包…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/import_dialog.py" line="151"/>
        <source>Importing packages…</source>
        <translation>正在导入数据包…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/import_dialog.py" line="166"/>
        <source>Dry run: %1 package(s) ready to import, %2 already imported, %3 rejected.</source>
        <translation>试导入：%1 个包可以导入，%2 个已导入过，%3 个被拒收。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/import_dialog.py" line="172"/>
        <source>%1 from a new PC will be held for approval (终端登记).</source>
        <translation>另有 %1 个包来自新电脑，暂存待批准（终端登记）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/import_dialog.py" line="187"/>
        <source>Imported %1 package(s); %2 conflict(s) wait for review.</source>
        <translation>已导入 %1 个包；%2 个冲突待处理。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/import_dialog.py" line="193"/>
        <source>%1 package(s) from a new PC are held: approve or decline the PC under Installations after confirming its fingerprint by phone.</source>
        <translation>%1 个包来自新电脑，已暂存：请电话核对指纹后在“终端登记”中批准或拒绝该电脑。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/import_dialog.py" line="213"/>
        <source>Likely duplicates (the same credit code entered on two PCs): %1</source>
        <translation>可能重复（两台电脑录入了同一信用代码的企业）：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/import_dialog.py" line="222"/>
        <source>Ready to import</source>
        <translation>可以导入</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/import_dialog.py" line="223"/>
        <source>Imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/import_dialog.py" line="224"/>
        <source>Already imported</source>
        <translation>已导入过</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/import_dialog.py" line="225"/>
        <source>Rejected</source>
        <translation>已拒收</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/import_dialog.py" line="226"/>
        <source>Held: new PC awaits approval</source>
        <translation>已暂存：新电脑待批准</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/import_dialog.py" line="238"/>
        <source>New key, would be trusted on import: %1 (dry run; confirm by phone)</source>
        <translation>新密钥，正式导入时将信任：%1（试导入，未登记；请电话核对）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/import_dialog.py" line="240"/>
        <source>New key trusted: %1 (confirm by phone)</source>
        <translation>已信任新密钥：%1（请电话核对）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/import_dialog.py" line="245"/>
        <source>New PC “%1”, fingerprint %2: nothing merged until it is approved</source>
        <translation>新电脑“%1”，指纹 %2：批准前不合并任何记录</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="84"/>
        <source>Import an Excel ledger</source>
        <translation>导入 Excel 台账</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="93"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="120"/>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="531"/>
        <source>Import Excel ledger…</source>
        <translation>导入 Excel 台账…</translation>
    </message>
</context>
<context>
    <name>InstallationsView</name>
    <message>
        <location filename="../../desktop/ui/sync/installations_view.py" line="50"/>
        <source>A new PC of a township that already has one is held until you approve it. Phone the township and compare the fingerprint its PC shows before approving.</source>
        <translation>已有电脑的乡镇又来了一台新电脑时，其包先暂存，待您批准。批准前请给乡镇打电话，核对该电脑显示的密钥指纹。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/installations_view.py" line="59"/>
        <source>Township</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/installations_view.py" line="60"/>
        <source>PC</source>
        <translation>电脑</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/installations_view.py" line="61"/>
        <source>Fingerprint</source>
        <translation>密钥指纹</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/installations_view.py" line="62"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/installations_view.py" line="63"/>
        <source>Held packages</source>
        <translation>暂存的包</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/installations_view.py" line="64"/>
        <source>Last package</source>
        <translation>最近的包</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/installations_view.py" line="65"/>
        <source>Decided</source>
        <translation>登记/处理</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/installations_view.py" line="77"/>
        <source>Approve…</source>
        <translation>批准…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/installations_view.py" line="78"/>
        <source>Decline…</source>
        <translation>拒绝…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/installations_view.py" line="79"/>
        <source>Retire…</source>
        <translation>停用…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/installations_view.py" line="94"/>
        <source>Active</source>
        <translation>在用</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/installations_view.py" line="95"/>
        <source>Awaiting approval</source>
        <translation>待批准</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/installations_view.py" line="96"/>
        <source>Retired</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/installations_view.py" line="97"/>
        <source>Declined</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/installations_view.py" line="113"/>
        <source>No. %1, %2, made %3</source>
        <translation>第 %1 号，%2，%3 制作</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/installations_view.py" line="118"/>
        <source>None yet</source>
        <translation>尚无</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/installations_view.py" line="146"/>
        <source>No township PC has sent a package yet.</source>
        <translation>还没有乡镇电脑发来数据包。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/installations_view.py" line="169"/>
        <source>Approve PC “%1” of %2?

Fingerprint: %3

Read the fingerprint with the township over the phone first. Its %4 held package(s) will be merged now.</source>
        <translation>批准%2的电脑“%1”？

密钥指纹：%3

请先与乡镇电话核对指纹。批准后立即合并其暂存的 %4 个包。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/installations_view.py" line="173"/>
        <source>Decline PC “%1” of %2?

Fingerprint: %3

Its %4 held package(s) will be refused and nothing of them is merged.</source>
        <translation>拒绝%2的电脑“%1”？

密钥指纹：%3

其暂存的 %4 个包将不予接收，不合并任何记录。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/installations_view.py" line="177"/>
        <source>Retire PC “%1” of %2?

Fingerprint: %3

What it sent stays; packages it makes from now on are refused.</source>
        <translation>停用%2的电脑“%1”？

密钥指纹：%3

已收到的记录保留；此后它制作的包不予接收。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/installations_view.py" line="196"/>
        <location filename="../../desktop/ui/sync/installations_view.py" line="205"/>
        <source>Installations</source>
        <translation>终端登记</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/installations_view.py" line="205"/>
        <source>Reason (kept in the record):</source>
        <translation>原因（记入记录）：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/installations_view.py" line="231"/>
        <source>PC “%1”: %2</source>
        <translation>电脑“%1”：%2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/installations_view.py" line="237"/>
        <source>%1 held package(s) merged, %2 record(s) new or changed.</source>
        <translation>已合并 %1 个暂存的包，新增或修改 %2 条记录。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/installations_view.py" line="243"/>
        <source>Package No. %1 refused: %2</source>
        <translation>第 %1 号包不予接收：%2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/installations_view.py" line="250"/>
        <source>Likely duplicates (the same credit code entered on two PCs): %1</source>
        <translation>可能重复（两台电脑录入了同一信用代码的企业）：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/installations_view.py" line="256"/>
        <source>%1 held package(s) refused.</source>
        <translation>%1 个暂存的包不予接收。</translation>
    </message>
</context>
<context>
    <name>IssuedChangesDialog</name>
    <message>
        <location filename="../../desktop/ui/dashboard/issued.py" line="33"/>
        <source>Changes since the reports were issued</source>
        <translation>月报签发以来的变化</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/issued.py" line="37"/>
        <source>No monthly report has been issued yet.</source>
        <translation>尚未签发过月报。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/issued.py" line="40"/>
        <source>Issued reports keep their figures; these are the figures today&apos;s records would give instead, and the records that entered or left them.</source>
        <translation>已签发的月报保留签发时的数字；下表是按今天的记录重新计算会得出的不同数字，以及新计入或不再计入的记录。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/issued.py" line="54"/>
        <source>Period</source>
        <translation>报告期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/issued.py" line="55"/>
        <source>Issued</source>
        <translation>签发</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/issued.py" line="56"/>
        <source>Target</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/issued.py" line="57"/>
        <source>Column</source>
        <translation>栏目</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/issued.py" line="58"/>
        <source>As issued</source>
        <translation>签发时</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/issued.py" line="59"/>
        <source>Now</source>
        <translation>现在</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/issued.py" line="70"/>
        <source>Nothing changed</source>
        <translation>无变化</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/issued.py" line="83"/>
        <source>{added} records added, {removed} no longer counted</source>
        <translation>新计入 {added} 条记录，不再计入 {removed} 条</translation>
    </message>
</context>
<context>
    <name>LedgerView</name>
    <message>
        <location filename="../../desktop/ui/ledger_view.py" line="109"/>
        <source>New (Ctrl+N)</source>
        <translation>新增（Ctrl+N）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ledger_view.py" line="110"/>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ledger_view.py" line="111"/>
        <location filename="../../desktop/ui/ledger_view.py" line="344"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ledger_view.py" line="112"/>
        <source>History</source>
        <translation>修改记录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ledger_view.py" line="113"/>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ledger_view.py" line="115"/>
        <source>Bring the selected deleted record back (recorded in its history)</source>
        <translation>恢复所选的已删除记录（记入修改记录）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ledger_view.py" line="118"/>
        <source>Columns…</source>
        <translation>显示列…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ledger_view.py" line="119"/>
        <source>Excel…</source>
        <translation>导出Excel…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ledger_view.py" line="121"/>
        <source>Save what the table shows (filters, columns, order) as an Excel file</source>
        <translation>把表格当前显示的内容（筛选、所选列、顺序）保存为 Excel 文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ledger_view.py" line="123"/>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ledger_view.py" line="124"/>
        <source>Print record…</source>
        <translation>打印本条…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ledger_view.py" line="200"/>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ledger_view.py" line="203"/>
        <source>{count} records</source>
        <translation>共 {count} 条</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ledger_view.py" line="214"/>
        <source>No record matches the search and filters. Clear the search box or choose “All …” in the filters to see every record.</source>
        <translation>没有符合搜索和筛选条件的记录。请清空搜索框，或在筛选中选择“全部…”以查看所有记录。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ledger_view.py" line="218"/>
        <source>No record yet. Click “New” (Ctrl+N) to enter the first one.</source>
        <translation>尚无记录。请点击“新增”（Ctrl+N）录入第一条。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ledger_view.py" line="289"/>
        <source>This record has been deleted.</source>
        <translation>该记录已删除。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ledger_view.py" line="310"/>
        <source>Delete “{title}”? The record is kept as deleted and can be shown again with “Show deleted”.</source>
        <translation>确定删除“{title}”吗？记录将标记为已删除，勾选“显示已删除”仍可查看。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ledger_view.py" line="368"/>
        <source>Save as Excel</source>
        <translation>保存为 Excel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ledger_view.py" line="368"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ledger_view.py" line="391"/>
        <source>{count} rows saved to {path}</source>
        <translation>已将 {count} 行保存到 {path}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ledger_view.py" line="394"/>
        <source>Excel</source>
        <translation>Excel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ledger_view.py" line="405"/>
        <source>{count} records · printed {day}</source>
        <translation>共 {count} 条记录 · 打印日期 {day}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ledger_view.py" line="427"/>
        <source>Entered by: {who}    Printed: {day}    Signature: ____________</source>
        <translation>录入人：{who}    打印日期：{day}    签字：____________</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/ui/shell.py" line="103"/>
        <source>Updating the search index…</source>
        <translation>正在更新搜索索引…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/shell.py" line="105"/>
        <source>Searches work meanwhile; they get faster once the index is up to date.</source>
        <translation>更新期间仍可搜索，索引更新完成后搜索更快。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="37"/>
        <location filename="../../desktop/ui/quick_start.py" line="363"/>
        <source>Quality Desk — {office}</source>
        <translation>质量提升台账 — {office}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/shell.py" line="64"/>
        <source>Quality Desk</source>
        <translation>质量提升台账</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/quick_start.py" line="271"/>
        <location filename="../../desktop/ui/quick_start.py" line="297"/>
        <location filename="../../desktop/ui/shell.py" line="97"/>
        <location filename="../../desktop/ui/shell.py" line="131"/>
        <source>Opening the ledger…</source>
        <translation>正在打开台账…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/shell.py" line="178"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/shell.py" line="179"/>
        <source>Today&apos;s work</source>
        <translation>今日待办</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/shell.py" line="183"/>
        <source>Back up…</source>
        <translation>备份…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/shell.py" line="186"/>
        <source>Restore from a backup…</source>
        <translation>从备份恢复…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/shell.py" line="190"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/shell.py" line="194"/>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/shell.py" line="195"/>
        <source>Operator…</source>
        <translation>操作员…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/shell.py" line="198"/>
        <source>Language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/shell.py" line="208"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/shell.py" line="209"/>
        <source>User guide</source>
        <translation>使用说明</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/shell.py" line="213"/>
        <location filename="../../desktop/ui/shell.py" line="261"/>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/shell.py" line="263"/>
        <source>Quality Desk {version}
Ledger of the county&apos;s Quality Improvement Action.</source>
        <translation>质量提升台账 {version}
泰顺县质量提升行动工作台账。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="160"/>
        <location filename="../../desktop/ui/quick_start.py" line="368"/>
        <source>Office: {office}   Operator: {operator}</source>
        <translation>单位：{office}   操作人：{operator}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="174"/>
        <source>never</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="176"/>
        <source>Last export: {exported}   Last import: {imported}</source>
        <translation>上次导出：{exported}   上次导入：{imported}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/launch.py" line="70"/>
        <source>Backing up and upgrading the database, please wait…</source>
        <translation>正在备份并升级数据库，请稍候…</translation>
    </message>
</context>
<context>
    <name>MappingPage</name>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="269"/>
        <source>Columns</source>
        <translation>列对应</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="272"/>
        <source>Each column of the file and the field it goes to (proposed from the header, or as last time for this layout). Choose “—” to leave a column out.</source>
        <translation>文件的每一列及其对应的字段（按表头推荐，或沿用该格式上次的设置）。选“—”表示不导入该列。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="281"/>
        <source>Column in the file</source>
        <translation>文件中的列</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="281"/>
        <source>First values</source>
        <translation>前几行的值</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="281"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="290"/>
        <source>Where the file has no value</source>
        <translation>文件中没有的值</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="320"/>
        <source>Mapping remembered from the last import of this layout.</source>
        <translation>沿用上次导入同样格式文件时的列对应。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="322"/>
        <source>Mapping proposed from the header texts.</source>
        <translation>按表头文字推荐的列对应。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="351"/>
        <source>value for rows without one</source>
        <translation>没有值的行使用此值</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="356"/>
        <source>{field}: {meaning}</source>
        <translation>{field}：{meaning}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="376"/>
        <source>“{field}” is chosen for two columns.</source>
        <translation>“{field}”被选给了两列。</translation>
    </message>
</context>
<context>
    <name>OfficePage</name>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="34"/>
        <source>Which office is this?</source>
        <translation>本机属于哪个单位？</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="36"/>
        <source>A township office records its own township; the county office merges all.</source>
        <translation>乡镇登记本乡镇的台账；县质量强县办汇总全县各乡镇数据。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="39"/>
        <source>Township office</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="40"/>
        <source>County office</source>
        <translation>县质量强县办</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="55"/>
        <source>Choose your township (type to search)</source>
        <translation>请选择本乡镇（可输入名称查找）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="58"/>
        <source>Choose the township of this office, or the county office.</source>
        <translation>请选择本单位所在乡镇，或选择县级单位。</translation>
    </message>
</context>
<context>
    <name>OperatorDialog</name>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="33"/>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="36"/>
        <source>Records you enter or change from now on are signed with this name.</source>
        <translation>此后录入或修改的记录都将记在这个名字下。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="41"/>
        <source>Office</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="54"/>
        <source>Operator name</source>
        <translation>操作员姓名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="74"/>
        <source>Type your name.</source>
        <translation>请输入您的姓名。</translation>
    </message>
</context>
<context>
    <name>OperatorPage</name>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="83"/>
        <source>Who works here?</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="84"/>
        <source>Your name is recorded with every record you enter or change.</source>
        <translation>每条记录的新增和修改都会记下操作人姓名。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="88"/>
        <source>Operator name</source>
        <translation>操作人姓名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="89"/>
        <source>Your name, e.g. 张三</source>
        <translation>您的姓名，如 张三</translation>
    </message>
</context>
<context>
    <name>PlansDialog</name>
    <message>
        <location filename="../../desktop/ui/dashboard/plans_dialog.py" line="104"/>
        <source>Plans</source>
        <translation>规划</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/plans_dialog.py" line="108"/>
        <source>Plan</source>
        <translation>规划</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/plans_dialog.py" line="112"/>
        <source>Mark as current</source>
        <translation>设为当前规划</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/plans_dialog.py" line="114"/>
        <source>Copy as a new plan…</source>
        <translation>复制为新规划…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/plans_dialog.py" line="116"/>
        <source>Import workbook…</source>
        <translation>从工作簿导入…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/plans_dialog.py" line="137"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/plans_dialog.py" line="138"/>
        <source>Issuing document</source>
        <translation>文件名称</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/plans_dialog.py" line="139"/>
        <source>Document number</source>
        <translation>文号</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/plans_dialog.py" line="140"/>
        <source>Issued by</source>
        <translation>印发单位</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/plans_dialog.py" line="141"/>
        <source>Counting window</source>
        <translation>计数期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/plans_dialog.py" line="150"/>
        <source>Target id</source>
        <translation>目标编号</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/plans_dialog.py" line="151"/>
        <source>Target</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/plans_dialog.py" line="152"/>
        <source>Unit</source>
        <translation>计量单位</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/plans_dialog.py" line="153"/>
        <source>Comparison</source>
        <translation>比较</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/plans_dialog.py" line="154"/>
        <source>Figure</source>
        <translation>目标值</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/plans_dialog.py" line="155"/>
        <source>Deadline year</source>
        <translation>截止年份</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/plans_dialog.py" line="156"/>
        <source>Categories counted</source>
        <translation>计入类别</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/plans_dialog.py" line="172"/>
        <source>Save plan</source>
        <translation>保存规划</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/plans_dialog.py" line="232"/>
        <source>current plan</source>
        <translation>当前规划</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/plans_dialog.py" line="232"/>
        <source>not current</source>
        <translation>非当前规划</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/plans_dialog.py" line="234"/>
        <source>{count} targets · {mark}</source>
        <translation>{count} 项目标 · {mark}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/plans_dialog.py" line="276"/>
        <source>“{value}” is not a figure (write a number, 达标, 完成 or 高于上年).</source>
        <translation>“{value}”不是目标值（请填写数字、达标、完成或高于上年）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/plans_dialog.py" line="292"/>
        <source>Plan saved.</source>
        <translation>规划已保存。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/plans_dialog.py" line="307"/>
        <source>Marked as the current plan.</source>
        <translation>已设为当前规划。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/plans_dialog.py" line="325"/>
        <source>New plan {id} added.</source>
        <translation>已新增规划 {id}。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/plans_dialog.py" line="331"/>
        <source>Import a plan workbook</source>
        <translation>导入规划工作簿</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/plans_dialog.py" line="342"/>
        <source>Not imported, {count} problems: {first}</source>
        <translation>未导入，有 {count} 处问题：{first}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/plans_dialog.py" line="347"/>
        <source>Plan {id} imported.</source>
        <translation>规划 {id} 已导入。</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="402"/>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="403"/>
        <source>Nothing has been written yet. “Import” writes the good rows.</source>
        <translation>尚未写入任何内容。点“导入”写入可导入的行。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="410"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="410"/>
        <source>Sheet</source>
        <translation>工作表</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="410"/>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="410"/>
        <source>Record or reason</source>
        <translation>记录或原因</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="419"/>
        <source>Save the refused rows as a workbook…</source>
        <translation>将未导入的行另存为工作簿…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="427"/>
        <source>Checking every row…</source>
        <translation>正在逐行检查…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="441"/>
        <source>Checking {name}…</source>
        <translation>正在检查 {name}…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="448"/>
        <source>The check stopped: {reason}</source>
        <translation>检查已停止：{reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="457"/>
        <source>{created} new records, {duplicate} duplicates skipped, {refused} refused ({skipped} blank or subtotal rows skipped).</source>
        <translation>将新增 {created} 条，重复跳过 {duplicate} 条，未导入 {refused} 条（跳过空行、合计行等 {skipped} 行）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="461"/>
        <source>{count} enterprises will be created.</source>
        <translation>将新建企业 {count} 家。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="465"/>
        <source>Defaults or derived values: {fields}.</source>
        <translation>使用默认值或推导的值：{fields}。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="473"/>
        <source>Refused</source>
        <translation>未导入</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="473"/>
        <source>Duplicate</source>
        <translation>重复</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="473"/>
        <source>New</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="490"/>
        <source>{count} records imported.</source>
        <translation>已导入 {count} 条记录。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="503"/>
        <source>Save the refused rows</source>
        <translation>保存未导入的行</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="511"/>
        <source>{count} refused rows written to {path}.</source>
        <translation>已将 {count} 条未导入的行写入 {path}。</translation>
    </message>
</context>
<context>
    <name>ProgressChart</name>
    <message>
        <location filename="../../desktop/ui/projects_view.py" line="57"/>
        <source>Choose a project to see its progress</source>
        <translation>请选择项目查看进展</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/projects_view.py" line="61"/>
        <source>Investment to date (10k yuan)</source>
        <translation>累计投资（万元）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/projects_view.py" line="68"/>
        <source>Percent complete (%)</source>
        <translation>完成进度（%）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/projects_view.py" line="86"/>
        <source>Percent complete</source>
        <translation>完成进度</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/projects_view.py" line="92"/>
        <source>10k yuan</source>
        <translation>万元</translation>
    </message>
</context>
<context>
    <name>ProjectsView</name>
    <message>
        <location filename="../../desktop/ui/projects_view.py" line="138"/>
        <source>Monthly progress</source>
        <translation>月度进展</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/projects_view.py" line="176"/>
        <source>Monthly progress — choose a project above</source>
        <translation>月度进展 — 请在上方选择项目</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/projects_view.py" line="180"/>
        <source>Monthly progress — {name}</source>
        <translation>月度进展 — {name}</translation>
    </message>
</context>
<context>
    <name>RecordForm</name>
    <message>
        <location filename="../../desktop/ui/form.py" line="339"/>
        <source>Edit — {ledger}</source>
        <translation>编辑 — {ledger}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/form.py" line="341"/>
        <source>New — {ledger}</source>
        <translation>新增 — {ledger}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/form.py" line="351"/>
        <source>Discard the draft</source>
        <translation>丢弃草稿</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/form.py" line="406"/>
        <source>Save (Ctrl+S)</source>
        <translation>保存（Ctrl+S）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/form.py" line="409"/>
        <source>Cancel (Esc)</source>
        <translation>取消（Esc）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/form.py" line="497"/>
        <source>YYYY-MM, e.g. 202611</source>
        <translation>年-月，如 202611</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/form.py" line="499"/>
        <source>18 characters</source>
        <translation>18位代码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/form.py" line="636"/>
        <source>Restored what was typed here on {time} and not saved (the program was closed or the power went off). Check it and save, or discard it.</source>
        <translation>已恢复 {time} 在此输入但未保存的内容（程序被关闭或断电）。请核对后保存，或丢弃。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/form.py" line="671"/>
        <source>Save what you typed?</source>
        <translation>保存已输入的内容吗？</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/form.py" line="673"/>
        <source>“Don&apos;t save” throws it away; “Cancel” goes back to the form.</source>
        <translation>“不保存”将丢弃输入的内容；“取消”返回表单继续填写。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/form.py" line="675"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/form.py" line="676"/>
        <source>&amp;Don&apos;t save</source>
        <translation>不保存(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/form.py" line="677"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/form.py" line="793"/>
        <source>Save anyway?</source>
        <translation>仍然保存吗？</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/form.py" line="800"/>
        <source>Choose an enterprise from the list, or add it with “New…”.</source>
        <translation>请从列表中选择企业，或点击“新建…”添加。</translation>
    </message>
</context>
<context>
    <name>ReportsView</name>
    <message>
        <location filename="../../desktop/ui/dashboard/reports_view.py" line="68"/>
        <source>Monthly report (Excel)</source>
        <translation>月报（Excel）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/reports_view.py" line="78"/>
        <source>Period</source>
        <translation>报告期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/reports_view.py" line="86"/>
        <source>Whole county, with a sheet per township</source>
        <translation>全县（另附各乡镇分表）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/reports_view.py" line="90"/>
        <source>Scope</source>
        <translation>范围</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/reports_view.py" line="92"/>
        <source>Write monthly report…</source>
        <translation>生成月报…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/reports_view.py" line="95"/>
        <source>Issue and freeze it</source>
        <translation>签发并存档</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/reports_view.py" line="98"/>
        <source>Keep the workbook, its figures and the records behind them as issued: re-opened later, the report gives the same numbers even after late packages arrive.</source>
        <translation>按签发时的样子保存工作簿、各项数字及其背后的记录：以后再打开，即使迟到的数据包已导入，数字也不变。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/reports_view.py" line="102"/>
        <source>Changes since issued…</source>
        <translation>签发以来的变化…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/reports_view.py" line="124"/>
        <source>Save the monthly report</source>
        <translation>保存月报</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/reports_view.py" line="144"/>
        <source>Writing…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/reports_view.py" line="151"/>
        <source>Issued and frozen: {path}</source>
        <translation>已签发并存档：{path}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/reports_view.py" line="155"/>
        <source>Written: {path} ({sheets} sheets)</source>
        <translation>已生成：{path}（共 {sheets} 个工作表）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/reports_view.py" line="179"/>
        <source>Import an enterprise list (Excel)</source>
        <translation>导入企业名单（Excel）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/reports_view.py" line="182"/>
        <source>Choose workbook…</source>
        <translation>选择工作簿…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/reports_view.py" line="185"/>
        <source>Import the good rows</source>
        <translation>导入无误的行</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/reports_view.py" line="193"/>
        <source>Columns are matched by their header (统一社会信用代码, 企业名称, 所属乡镇, 行业, 企业类型, 地址, 联系人, 联系电话, 备注). Nothing is written before you confirm.</source>
        <translation>按表头识别各列（统一社会信用代码、企业名称、所属乡镇、行业、企业类型、地址、联系人、联系电话、备注）。确认之前不会写入任何数据。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/reports_view.py" line="201"/>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/reports_view.py" line="201"/>
        <source>Credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/reports_view.py" line="201"/>
        <source>Name</source>
        <translation>企业名称</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/reports_view.py" line="201"/>
        <source>Check</source>
        <translation>检查结果</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/reports_view.py" line="214"/>
        <source>Choose an enterprise list</source>
        <translation>选择企业名单</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/reports_view.py" line="231"/>
        <source>Checking {name}…</source>
        <translation>正在检查 {name}…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/reports_view.py" line="246"/>
        <source>{rows} rows: {good} can be imported, {bad} refused. Columns: {mapping}</source>
        <translation>共 {rows} 行：可导入 {good} 行，有问题 {bad} 行。列对应：{mapping}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/reports_view.py" line="261"/>
        <source>OK</source>
        <translation>无误</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/reports_view.py" line="278"/>
        <source>Import the {count} good rows</source>
        <translation>导入无误的 {count} 行</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/reports_view.py" line="298"/>
        <source>{count} enterprises imported.</source>
        <translation>已导入 {count} 家企业。</translation>
    </message>
</context>
<context>
    <name>SheetPage</name>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="189"/>
        <location filename="../../desktop/ui/import_wizard.py" line="196"/>
        <source>Sheet</source>
        <translation>工作表</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="191"/>
        <source>The header row is found by its column names; correct it if it is wrong.</source>
        <translation>已按列名找到表头行；如不对，请改正。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="197"/>
        <source>Also every other sheet with the same header</source>
        <translation>同时导入表头相同的其他工作表</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="202"/>
        <source>Header row</source>
        <translation>表头所在行</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="214"/>
        <source>Reading {name}…</source>
        <translation>正在读取 {name}…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="241"/>
        <source>Header on row {row}: {names}</source>
        <translation>表头在第 {row} 行：{names}</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="45"/>
        <source>Import packages…</source>
        <translation>导入数据包…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="45"/>
        <source>Import county file…</source>
        <translation>导入县级文件…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="49"/>
        <source>Export reference data…</source>
        <translation>导出基础数据…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="49"/>
        <source>Export monthly package…</source>
        <translation>导出月度数据包…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="66"/>
        <source>No package received yet. Click “Import packages…” to read the townships’ monthly packages.</source>
        <translation>尚未收到数据包。请点击“导入数据包…”读取各乡镇的月度数据包。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="71"/>
        <source>No package sent yet. At the end of each month click “Export monthly package…” and send the file to the county office.</source>
        <translation>尚未发出数据包。每月月底请点击“导出月度数据包…”，并将文件报送县质量强县办。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="84"/>
        <source>Packages received</source>
        <translation>已收到的数据包</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="84"/>
        <source>Packages sent</source>
        <translation>已发出的数据包</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="92"/>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="93"/>
        <source>Completeness</source>
        <translation>报送完整性</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="94"/>
        <location filename="../../desktop/ui/sync/page.py" line="126"/>
        <source>Installations</source>
        <translation>终端登记</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="128"/>
        <source>Installations (%1 awaiting approval)</source>
        <translation>终端登记（%1 台待批准）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="134"/>
        <source>This office&apos;s key fingerprint (read it out when asked): %1</source>
        <translation>本单位密钥指纹（核对时请读出）：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="140"/>
        <source>From</source>
        <translation>来自</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="141"/>
        <location filename="../../desktop/ui/sync/page.py" line="161"/>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="142"/>
        <location filename="../../desktop/ui/sync/page.py" line="162"/>
        <source>Period</source>
        <translation>报告期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="143"/>
        <location filename="../../desktop/ui/sync/page.py" line="163"/>
        <source>Records</source>
        <translation>记录数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="144"/>
        <location filename="../../desktop/ui/sync/page.py" line="164"/>
        <source>Made</source>
        <translation>生成时间</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="145"/>
        <source>Imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="146"/>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="147"/>
        <location filename="../../desktop/ui/sync/page.py" line="166"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="165"/>
        <source>County has it</source>
        <translation>县级已收到</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="180"/>
        <source>nothing to report</source>
        <translation>无数据上报</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="183"/>
        <source>Yes, %1</source>
        <translation>是，%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="185"/>
        <source>Not yet</source>
        <translation>尚未</translation>
    </message>
</context>
<context>
    <name>SyncScreen</name>
    <message>
        <location filename="../../desktop/ui/quick_start.py" line="503"/>
        <location filename="../../desktop/ui/sync/screen.py" line="14"/>
        <source>Sync packages</source>
        <translation>数据同步</translation>
    </message>
</context>
<context>
    <name>TaskRunner</name>
    <message>
        <location filename="../../desktop/ui/tasks.py" line="111"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>TodoDialog</name>
    <message>
        <location filename="../../desktop/ui/todo_panel.py" line="36"/>
        <source>Today&apos;s work</source>
        <translation>今日待办</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/todo_panel.py" line="44"/>
        <source>Nothing is waiting: no overdue rectification, no certificate expiring, the monthly export is made.</source>
        <translation>暂无待办：没有逾期整改，没有即将到期的证书，本月数据包已导出。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/todo_panel.py" line="67"/>
        <source>{count} rectification(s) past their deadline — show them</source>
        <translation>{count} 条整改已超过期限——查看</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/todo_panel.py" line="71"/>
        <source>{count} certificate(s) expiring or expired — show them</source>
        <translation>{count} 张证书即将到期或已过期——查看</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/todo_panel.py" line="75"/>
        <source>The package for {period} has not been exported — export it</source>
        <translation>{period} 的月度数据包尚未导出——去导出</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/todo_panel.py" line="78"/>
        <source>{count} project(s) without progress for {period} — enter it</source>
        <translation>{count} 个项目尚未填报 {period} 的进展——去填报</translation>
    </message>
</context>
<context>
    <name>TownshipChart</name>
    <message>
        <location filename="../../desktop/ui/dashboard/charts.py" line="73"/>
        <source>Choose a target computed from the records</source>
        <translation>请选择一项由台账计算的指标</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/charts.py" line="77"/>
        <source>{target} by township</source>
        <translation>{target}（分乡镇）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/charts.py" line="117"/>
        <source>Target {value}</source>
        <translation>目标 {value}</translation>
    </message>
</context>
<context>
    <name>TrendChart</name>
    <message>
        <location filename="../../desktop/ui/dashboard/charts.py" line="181"/>
        <source>Pass rate by month</source>
        <translation>各月合格率</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard/charts.py" line="211"/>
        <source>Target {value:g}%</source>
        <translation>目标 {value:g}%</translation>
    </message>
</context>
</TS>
