"""Spreadsheets as township clerks have them, built in the tests (no binary fixtures)."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from openpyxl import Workbook

Rows = Sequence[Sequence[Any]]


def xlsx(path: Path, sheets: dict[str, Rows], merges: dict[str, list[str]] | None = None) -> Path:
    """An Excel workbook with these sheets (openpyxl writes it as Excel would)."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
        for merged in (merges or {}).get(title, []):
            sheet.merge_cells(merged)
    book.save(path)
    return path


def _cell_xml(value: Any, style: int | None = None) -> str:
    """A WPS-style cell: no ``r`` reference, inline strings, ``x:`` prefixed names."""
    s = f' s="{style}"' if style is not None else ""
    if value is None:
        return "<x:c/>"
    if isinstance(value, str) and value.startswith("="):
        return f"<x:c{s}><x:f>{escape(value[1:])}</x:f><x:v>0</x:v></x:c>"
    if isinstance(value, str):
        return f'<x:c t="inlineStr"{s}><x:is><x:t>{escape(value)}</x:t></x:is></x:c>'
    if isinstance(value, bool):
        return f'<x:c t="b"{s}><x:v>{int(value)}</x:v></x:c>'
    return f"<x:c{s}><x:v>{value}</x:v></x:c>"


def wps_xlsx(path: Path, rows: Rows, styles: dict[tuple[int, int], int] | None = None) -> Path:
    """A workbook written the way WPS and some exporters do (prefixes, no refs, shared rich text).

    ``styles`` maps (row, column) (0-based) to a style: 1 = a date format (yyyy"年"m"月"d"日"),
    2 = a percentage. The first row's texts go to the shared strings as rich text with a
    phonetic run that must not be read.
    """
    styles = styles or {}
    shared = [str(v) for v in rows[0]]
    sheet_rows = []
    for r, row in enumerate(rows):
        if r == 0:
            cells = "".join(f'<x:c t="s"><x:v>{i}</x:v></x:c>' for i in range(len(shared)))
        else:
            cells = "".join(_cell_xml(v, styles.get((r, c))) for c, v in enumerate(row))
        sheet_rows.append(f"<x:row>{cells}</x:row>")
    ns = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel_ns = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    strings = "".join(
        f"<x:si><x:r><x:t>{escape(t[:1])}</x:t></x:r><x:r><x:t>{escape(t[1:])}</x:t></x:r>"
        f'<x:rPh sb="0" eb="1"><x:t>ピン</x:t></x:rPh></x:si>'
        for t in shared
    )
    files = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats'
        '.org/package/2006/content-types"/>',
        "xl/workbook.xml": f'<?xml version="1.0"?><x:workbook {ns} {rel_ns}><x:sheets>'
        '<x:sheet name="WPS表格" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas'
        '.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="x" '
        'Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/sharedStrings.xml": f'<?xml version="1.0"?><x:sst {ns}>{strings}</x:sst>',
        "xl/styles.xml": f'<?xml version="1.0"?><x:styleSheet {ns}><x:numFmts count="1">'
        '<x:numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>'
        '</x:numFmts><x:cellXfs count="3"><x:xf numFmtId="0"/><x:xf numFmtId="176"/>'
        '<x:xf numFmtId="9"/></x:cellXfs></x:styleSheet>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0"?><x:worksheet {ns}><x:sheetData>'
        + "".join(sheet_rows)
        + "</x:sheetData></x:worksheet>",
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return path


def csv_file(path: Path, rows: Rows, encoding: str) -> Path:
    """A CSV file in this encoding (``utf-8-sig`` for Excel's "CSV UTF-8", ``gbk`` for WPS)."""
    lines = []
    for row in rows:
        cells = []
        for value in row:
            text = "" if value is None else str(value)
            if any(c in text for c in ',"\n'):
                text = '"' + text.replace('"', '""') + '"'
            cells.append(text)
        lines.append(",".join(cells))
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def serial(day: date) -> int:
    """Excel's day number of a date."""
    return (datetime(day.year, day.month, day.day) - datetime(1899, 12, 30)).days


_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def credit_code(serial_number: int) -> str:
    """A valid synthetic 统一社会信用代码 (GB 32100-2015 check character) for a number."""
    body = "91330329MA" + f"{serial_number:07d}"
    total = sum(_CODE_CHARS.index(c) * (3**i % 31) for i, c in enumerate(body))
    return body + _CODE_CHARS[(31 - total % 31) % 31]


BIG_HEADER = (
    "序号",
    "被抽样单位名称",
    "统一社会信用代码",
    "标称生产企业名称",
    "食品名称",
    "规格型号",
    "商标",
    "生产日期/批号",
    "食品分类",
    "抽样环节",
    "抽检日期",
    "抽检批次",
    "合格批次",
    "检验结论",
    "不合格项目║检验结果║标准值",
    "检验机构",
    "任务来源",
    "公告号",
)


def big_inspection_workbook(path: Path, rows: int, enterprises: int = 2000) -> Path:
    """A township's inspection ledger of ``rows`` rows as Excel writes it (shared strings, a date
    style, a merged title row), written straight as XML: openpyxl would take longer to write it
    than the import takes to read it."""
    strings: dict[str, int] = {}

    def s(text: str) -> str:
        index = strings.setdefault(text, len(strings))
        return f'<c t="s"><v>{index}</v></c>'

    def n(value: int, style: int = 0) -> str:
        return f'<c s="{style}"><v>{value}</v></c>' if style else f"<c><v>{value}</v></c>"

    base = serial(date(2022, 1, 1))
    foods = ("绿茶", "红茶", "香菇", "笋干", "杨梅酒", "猕猴桃", "糕点", "酱油")
    classes = ("茶叶及相关制品", "食用农产品", "酒类", "水果制品", "糕点", "调味品")
    stages = ("生产", "流通", "餐饮")
    parts = [
        "<row>" + s("泰顺县罗阳镇食品安全抽检台账（2022—2024年）") + "</row>",
        "<row>" + "".join(s(h) for h in BIG_HEADER) + "</row>",
    ]
    for i in range(rows):
        e = i % enterprises
        failed = i % 37 == 0
        cells = [
            n(i + 1),
            s(f"泰顺县罗阳镇第{e}号食品有限公司"),
            s(credit_code(e)),
            s(f"温州市某食品厂{e % 50}"),
            s(f"{foods[i % len(foods)]}{i}"),
            s("250g/袋"),
            s(f"牌{e % 30}"),
            s(f"2022-{1 + i % 12:02d}-01"),
            s(classes[i % len(classes)]),
            s(stages[i % 3]),
            n(base + (i * 7) % 1000, style=1),
            n(1),
            n(0 if failed else 1),
            s("不合格" if failed else "合格"),
            s("铅(以Pb计)║1.2mg/kg║≤0.5mg/kg") if failed else "<c/>",
            s("浙江省食品药品检验研究院"),
            s("省级抽检"),
            s(f"泰市监抽〔2022〕{i % 90 + 1}号"),
        ]
        parts.append("<row>" + "".join(cells) + "</row>")
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet {ns}><dimension ref="A1:R{rows + 2}"/>'
        "<sheetData>" + "".join(parts) + '</sheetData><mergeCells count="1">'
        '<mergeCell ref="A1:R1"/></mergeCells></worksheet>'
    )
    shared = "".join(f"<si><t>{escape(t)}</t></si>" for t in strings)
    files = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats'
        '.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
        'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
        'worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName='
        '"/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.styles+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.'
        'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0"?><workbook {ns} xmlns:r="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="抽检台账" '
        'sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
        'Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        "</Relationships>",
        "xl/sharedStrings.xml": f'<?xml version="1.0" encoding="UTF-8"?><sst {ns} '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">{shared}</sst>',
        "xl/styles.xml": f'<?xml version="1.0"?><styleSheet {ns}><fonts count="1"><font/></fonts>'
        '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
        '<borders count="1"><border/></borders>'
        '<cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/>'
        '<xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>',
        "xl/worksheets/sheet1.xml": sheet,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return path
