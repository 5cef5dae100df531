"""Chinese text a clerk can see uses full-width punctuation: ``（），：；？！``.

The brief asks for "full-width punctuation in Chinese text". This test reads every place Chinese
text comes from and fails on a half-width ``( ) , : ; ? !`` that belongs to Chinese text, naming
file, line and text:

- the Chinese catalogue (``<translation>`` texts of ``quality_desk_zh_CN.ts``);
- string literals and f-strings under ``desktop/`` (the zh half of the zh/en messages, report
  cells, command-line output), read with ``ast``. Left out: docstrings and other bare string
  statements (a clerk never sees them) and regular expressions (``re.compile(...)`` and friends:
  they match text, they are not text). A literal nested in a Chinese f-string
  (``f"可选：{', '.join(...)}"``) is part of that Chinese text. An f-string made only of fields
  and marks that puts a field in parentheses (``f"{name}({code})"``) is a composed label: the
  names it shows (enterprises, townships, categories) are Chinese, so it takes ``（）`` too;
- the help pages under ``resources/help``, and README's Chinese lines.

A mark belongs to Chinese text when the nearest non-blank character before it is Chinese (Han
characters or full-width punctuation), or when a single ASCII token — a code, a number,
``Ctrl+N`` — stands between it and the Chinese before it (``应为 YYYY-MM(如 2022-06)``); a
parenthesis pair follows its opening mark, so a code in parentheses in Chinese text
(``罗阳镇(330329100000)``) takes ``（）`` as well. The halves of a ``中文 / English`` line and the
lines of a text are judged each on its own, and several English words before a mark make it
English (``the monthly report workbook (月报)``). Left alone: ``%s`` / ``{name}`` / ``{x:.1f}``
/ ``%1`` placeholders, URLs, file paths, marks between digits (``12:30``, ``1,000``), Qt's
file-dialog filters (``Excel 工作簿 (*.xlsx)``: Qt parses the half-width parentheses and ``;;``)
and menu mnemonics (``文件(&F)``: the Windows and Qt convention for Chinese menus).

Genuine exceptions sit in ``ALLOWED`` with the reason beside each.
"""

from __future__ import annotations

import ast
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "resources" / "translations" / "quality_desk_zh_CN.ts"
HELP = ROOT / "resources" / "help"
SOURCES = ROOT / "desktop"
README = ROOT / "README.md"

HALF_WIDTH = "(),:;?!"
#: Han characters and full-width punctuation: a neighbour that makes a mark Chinese.
_CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
#: Stands for a placeholder or a masked span: neither Chinese nor a mark.
_HOLE = "\ufffc"
_MASKS = (
    re.compile(r"[a-z][a-z0-9+.-]*://\S+", re.IGNORECASE),  # URLs
    re.compile(r"\{[^{}]*\}"),  # str.format fields: {name}, {x:.1f}, {0!r}
    re.compile(r"%(?:\([^)]*\))?[-+ #0]*\d*(?:\.\d+)?[sdifrxXeEgGc]"),  # %-formats
    re.compile(r"%[1-9]\d*|%n"),  # Qt's %1 … and %n
    re.compile(r"\b[A-Za-z]:[\\/]\S*"),  # Windows paths: C:\…
    re.compile(r"\((?:\*[\w.*]*\s*)+\)|;;"),  # Qt file-dialog filters: (*.xlsx *.zip);;(*)
    re.compile(r"\(&\w\)"),  # menu mnemonics: 文件(&F)
)
#: Fields that show Chinese text (see ``_field_texts``), besides every ``…_zh``.
_CHINESE_NAMES = {"township", "township_name"}
#: Functions of ``re`` whose first argument is a pattern, not text.
_REGEX_CALLS = {"compile", "match", "fullmatch", "search", "sub", "subn", "split", "findall"}

_MIGRATION = "desktop/migrations/versions/0005_plans.py"
_PLAN = (
    "the first plan's seed data: migration 0005 wrote it into every database; the county edits it"
)
_TARGET_TEXT = (
    "a target_text as the county's targets.csv writes it; stored and matched, never shown"
)
_MONTHLY = "the 月报 column as the county's layout writes it (DOMAIN.md: 同比增减(%) · 完成进度(%))"
#: (file relative to the repository, exact text) → why it keeps its half-width marks.
ALLOWED: dict[tuple[str, str], str] = {
    (_MIGRATION, "泰顺县质量提升行动实施意见(2019—2022年)"): _PLAN,
    (_MIGRATION, "关于开展质量提升行动的实施意见(征求意见稿)"): _PLAN,
    ("desktop/services/reference.py", "泰顺县质量提升行动实施意见(2019—2022年)"): _PLAN,
    ("desktop/services/reference.py", "关于开展质量提升行动的实施意见(征求意见稿)"): _PLAN,
    ("desktop/reports/plan_workbook.py", "上年值 (previous year)"): _TARGET_TEXT,
    ("desktop/reports/plan_workbook.py", "达标(true)"): _TARGET_TEXT,
    ("desktop/reports/plan_workbook.py", "完成(true)"): _TARGET_TEXT,
    ("desktop/ui/dashboard/plans_dialog.py", "上年值 (previous year)"): _TARGET_TEXT,
    ("desktop/reports/summary_sheet.py", "同比增减(%)"): _MONTHLY,
    ("desktop/reports/summary_sheet.py", "完成进度(%)"): _MONTHLY,
    ("desktop/reports/summary_sheet.py", "分(0-100)"): "compared with a unit of targets.csv (data)",
    (
        "README.md",
        "上年同期累计 · 同比增减(%) · 规划期累计 · 完成进度(%) · "
        "备注; footer 单位负责人 · 审核人 · 填表人 ·",
    ): "an English sentence quoting the 月报 columns: " + _MONTHLY,
}


@dataclass(frozen=True)
class Hit:
    """One text with half-width marks in Chinese."""

    where: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.where}:{self.line}: {self.text!r}"


# --- which marks are Chinese ------------------------------------------------------------------


def offending(text: str) -> list[int]:
    """Indexes of the half-width marks of ``text`` that belong to Chinese text."""
    masked = text
    for pattern in _MASKS:
        masked = pattern.sub(lambda m: _HOLE * len(m.group()), masked)
    if not _CHINESE.search(masked):
        return []
    hits: list[int] = []
    for start, segment in _segments(masked):
        hits.extend(start + i for i in _offending_in(segment))
    return sorted(hits)


def _segments(text: str) -> Iterator[tuple[int, str]]:
    """The lines of ``text``, and the halves of ``中文 / English`` lines."""
    start = 0
    for piece in re.split(r"(\n| / )", text):
        if piece not in ("\n", " / "):
            yield start, piece
        start += len(piece)


def _chinese(char: str) -> bool:
    return bool(char) and bool(_CHINESE.match(char))


def _before(segment: str, index: int) -> str:
    """The nearest character before ``index`` that is not blank or a placeholder."""
    index -= 1
    while index >= 0 and (segment[index].isspace() or segment[index] == _HOLE):
        index -= 1
    return segment[index] if index >= 0 else ""


def _chinese_mark(segment: str, index: int) -> bool:
    """Whether the mark at ``index`` belongs to the Chinese text before it.

    It does when the nearest character before it is Chinese, or when one code-like token (not
    an English word) stands between it and the Chinese before it: ``应为 YYYY-MM(如 …)``,
    ``请输入 ABC,然后``; but not in ``当前 current: …`` (the English word's colon).
    """
    if _chinese(_before(segment, index)):
        return True
    last = max((i for i in range(index) if _chinese(segment[i])), default=-1)
    if last < 0:
        return False
    island = segment[last + 1 : index].replace(_HOLE, " ").split()
    return len(island) == 1 and not re.fullmatch(r"[a-z]{2,}", island[0])


def _closing(segment: str, start: int) -> int:
    """Index of the parenthesis closing the one at ``start`` (or the segment's end)."""
    depth = 0
    for i in range(start, len(segment)):
        depth += {"(": 1, ")": -1}.get(segment[i], 0)
        if depth == 0:
            return i
    return len(segment) - 1


def _offending_in(segment: str) -> Iterator[int]:
    """Indexes of Chinese half-width marks of one line.

    A parenthesis pair opened in English text (``workbook (月报)``, ``(write a number, 达标, …)``)
    is English with all it holds: it is blanked out, so its Chinese words do not make the marks
    inside and after it Chinese.
    """
    opened: list[int] = []
    i = 0
    while i < len(segment):
        char = segment[i]
        between_digits = 0 < i < len(segment) - 1 and (
            segment[i - 1].isdigit() and segment[i + 1].isdigit()
        )  # 12:30, 1,000, 3:1
        if char not in HALF_WIDTH or between_digits:
            pass
        elif char == "(":
            leading = _before(segment, i) == "" and _chinese(segment[i + 1 : i + 2])
            if leading or _chinese_mark(segment, i):
                opened.append(i)
            else:
                end = _closing(segment, i)
                segment = segment[:i] + "x" * (end + 1 - i) + segment[end + 1 :]
                i = end
        elif char == ")":
            if opened:
                yield opened.pop()
                yield i
        elif _chinese_mark(segment, i):
            yield i
        i += 1
    yield from opened  # a Chinese parenthesis never closed


# --- where Chinese text comes from ------------------------------------------------------------


def _translations() -> Iterator[Hit]:
    lines = CATALOGUE.read_text(encoding="utf-8").splitlines()
    where = str(CATALOGUE.relative_to(ROOT))
    for message in ET.parse(CATALOGUE).getroot().iter("message"):
        translation = message.find("translation")
        if translation is None:
            continue
        for form in list(translation.iter("numerusform")) or [translation]:
            text = form.text or ""
            if offending(text):
                yield Hit(where, _line_of(lines, text), text)


def _line_of(lines: list[str], text: str) -> int:
    first = text.split("\n")[0].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return next((n for n, line in enumerate(lines, 1) if first in line), 0)


def _hidden(tree: ast.AST) -> set[int]:
    """ids of the literals no one reads on screen: bare string statements and regex patterns."""
    hidden: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            hidden.add(id(node.value))  # docstrings, attribute docstrings
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "re"
            and node.func.attr in _REGEX_CALLS
            and node.args
        ):
            hidden.update(id(n) for n in ast.walk(node.args[0]))
        elif isinstance(node, ast.FormattedValue) and node.format_spec is not None:
            hidden.update(id(n) for n in ast.walk(node.format_spec))
    return hidden


def _field_texts(node: ast.JoinedStr) -> list[str]:
    """The pieces of an f-string as judged: literal text, a hole per field.

    A field showing a Chinese name — an enterprise's, a township's, a category's label — counts
    as Chinese text, so ``f"{e.name}({e.credit_code})"`` is caught though its literal holds no
    Chinese. Only in f-strings without English words (not ``f"INSERT INTO {t.name} (…)"``);
    a bare ``name`` only beside a parenthesis (``f"{name}: {value}"`` may name a column).
    """
    values = node.values
    literal = "".join(str(v.value) for v in values if isinstance(v, ast.Constant))
    english = bool(re.search(r"[A-Za-z]", literal))
    judged = []
    for k, value in enumerate(values):
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            judged.append(value.value)
            continue
        field = value.value if isinstance(value, ast.FormattedValue) else value
        after = values[k + 1] if k + 1 < len(values) else None
        before = values[k - 1] if k else None
        beside = (
            isinstance(after, ast.Constant) and str(after.value).lstrip().startswith("(")
        ) or (isinstance(before, ast.Constant) and str(before.value).endswith("("))
        kind = _name_kind(field)
        chinese = not english and (kind == "always" or (kind == "beside" and beside))
        judged.append("名" if chinese else _HOLE)
    return judged


def _name_kind(field: ast.expr) -> str:
    """``always`` for a field that shows a Chinese name, ``beside`` for a plain ``name``."""
    if isinstance(field, ast.Call) and isinstance(field.func, ast.Attribute):
        func = field.func
        if func.attr == "display_name":
            return "always"
        if func.attr == "get" and "names" in ast.unparse(func.value).lower():
            return "always"
        return ""
    name = field.attr if isinstance(field, ast.Attribute) else getattr(field, "id", "")
    if name in _CHINESE_NAMES or name.endswith("_zh"):
        return "always"
    return "beside" if name == "name" else ""


def _fields_in_chinese(node: ast.JoinedStr, judged: str) -> Iterator[ast.expr]:
    """The fields of an f-string that sit in Chinese text (``缺少表 {', '.join(missing)}``).

    A literal inside such a field — a join's separator — is printed inside that Chinese text.
    """
    position = 0
    skip = set(HALF_WIDTH) | {_HOLE}
    for value in node.values:
        if isinstance(value, ast.Constant):
            position += len(str(value.value))
            continue
        before = judged[:position].rstrip("".join(skip) + " ")
        after = judged[position + 1 :].lstrip("".join(skip) + " ")
        if (before and _chinese(before[-1])) or (after and _chinese(after[0])):
            yield value
        position += 1


def _joins_chinese(node: ast.AST) -> bool:
    """``"; ".join(f"{e.field}: {e.message_zh}" for e in errors)``: a join of Chinese texts."""
    if not (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "join"
        and isinstance(node.func.value, ast.Constant)
        and isinstance(node.func.value.value, str)
        and node.args
    ):
        return False
    for inner in ast.walk(node.args[0]):
        if isinstance(inner, ast.JoinedStr) and _CHINESE.search("".join(_field_texts(inner))):
            return True
        if isinstance(inner, ast.Constant) and _CHINESE.search(str(inner.value)):
            return True
    return False


def _literals(tree: ast.AST) -> Iterator[tuple[int, str, str]]:
    """(line, text as written, text as judged) of each visible string literal and f-string."""
    hidden = _hidden(tree)
    pieces: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            pieces.update(id(v) for v in node.values)
            text = "".join(_field_texts(node))
            yield node.lineno, ast.unparse(node)[2:-1], text
            for field in _fields_in_chinese(node, text):
                for inner in ast.walk(field):
                    if (
                        isinstance(inner, ast.Constant)
                        and isinstance(inner.value, str)
                        and id(inner) not in pieces
                        and id(inner) not in hidden
                    ):
                        pieces.add(id(inner))
                        yield inner.lineno, inner.value, f"中{inner.value}中"
        elif _joins_chinese(node):
            assert isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            separator = node.func.value
            assert isinstance(separator, ast.Constant)
            pieces.add(id(separator))
            yield separator.lineno, str(separator.value), "中" + str(separator.value) + "中"
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in hidden
            and id(node) not in pieces
        ):
            yield node.lineno, node.value, node.value


def _sources() -> Iterator[Hit]:
    for path in sorted(SOURCES.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        where = str(path.relative_to(ROOT))
        for line, text, judged in sorted(set(_literals(tree))):
            if offending(judged):
                yield Hit(where, line, text)


def _help_pages() -> Iterator[Hit]:
    for path in sorted(HELP.glob("*.html")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            text = re.sub(r"<[^>]*>", lambda m: _HOLE * len(m.group()), line)
            if offending(text):
                yield Hit(str(path.relative_to(ROOT)), number, line.strip())


def _readme() -> Iterator[Hit]:
    """README's Chinese lines (at most one English word); code spans and links masked."""
    for number, line in enumerate(README.read_text(encoding="utf-8").splitlines(), 1):
        text = re.sub(r"`[^`]*`|\]\([^)]*\)|!\[", lambda m: _HOLE * len(m.group()), line)
        english = re.findall(r"[A-Za-z]{3,}", text)
        if len(english) <= 1 and offending(text):
            yield Hit("README.md", number, line.strip())


def all_hits() -> list[Hit]:
    """Every Chinese text with half-width marks, the allowed exceptions left out."""
    found = [*_translations(), *_sources(), *_help_pages(), *_readme()]
    return [hit for hit in found if (hit.where, hit.text) not in ALLOWED]


# --- the tests --------------------------------------------------------------------------------


def test_chinese_text_uses_full_width_punctuation() -> None:
    hits = all_hits()
    assert not hits, "half-width punctuation in Chinese text:\n" + "\n".join(map(str, hits))


def test_every_exception_is_still_needed() -> None:
    found = {(hit.where, hit.text) for hit in [*_translations(), *_sources(), *_readme()]}
    assert not set(ALLOWED) - found, "allowed texts that no longer exist: drop them from ALLOWED"


def _marks(text: str) -> str:
    """The marks :func:`offending` finds, in order: ``"(),"``."""
    return "".join(text[i] for i in offending(text))


def test_marks_of_chinese_text_are_found() -> None:
    assert _marks("无法读取文件:{error}") == ":"
    assert _marks("这是给 {who} 的回执,不是给本乡镇的") == ","
    assert _marks("乡镇(PC):缺包") == "():"
    assert _marks("罗阳镇(330329100000)") == "()"  # a code in parentheses in Chinese text
    assert _marks("应为 YYYY-MM(如 2022-06)") == "()"  # one code between Chinese and the mark
    assert _marks("请输入 ABC,然后重试") == ","
    assert _marks("保存(Ctrl+S)") == "()"
    assert _marks("当前版本 — %1,%2") == ","
    assert _marks("是否继续?") == "?"


def test_placeholders_numbers_and_english_are_left_alone() -> None:
    for text in (
        "报出时间 12:30，共 1,000 条",  # times and numbers
        "详见 https://example.org/a?b=1:2",  # URLs
        "{x:.1f} 分",  # a format spec
        "已保存到 C:\\台账\\备份",  # paths
        "quality-desk: 已取消 / cancelled (by you)",  # the English half and a program's prefix
        "the monthly report workbook (月报): windows, targets",  # English text with a Chinese term
        "当前 current: hlc 12",  # the English word's colon
        "质量提升台账备份 (*.sqlite3);;所有文件 (*)",  # Qt parses the filter's parentheses
        "文件(&F)",  # a menu mnemonic
        "（已是全角）：，",
        "no Chinese here (at all): fine, really?",
    ):
        assert offending(text) == [], text


def test_fields_with_chinese_names_and_joins_are_judged_as_chinese() -> None:
    def judged(source: str) -> list[str]:
        return [text for _, text, judged in _literals(ast.parse(source)) if offending(judged)]

    assert judged('f"{e.name}({e.credit_code})"') == ["{e.name}({e.credit_code})"]
    assert judged('f"{c.code}({c.label_zh})"') == ["{c.code}({c.label_zh})"]
    assert judged('"; ".join(f"{e.field}: {e.message_zh}" for e in errors)') == ["; "]
    assert judged("f\"缺少表 {', '.join(missing)}\"") == [", "]
    assert judged('f"INSERT INTO {table.name} ({columns})"') == []  # English words: not a label
    assert judged('f"{name}: {value}"') == []  # a bare name beside no parenthesis
    assert judged('re.compile(r"注[:：]")') == []  # a pattern, not text
    assert judged('"""文档(docstring)"""') == []


if __name__ == "__main__":
    for hit in all_hits():
        print(hit)
