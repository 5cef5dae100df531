"""The Excel plumbing every workbook goes through, read back with openpyxl: literal text, styles,
stored widths and heights, print setup, page breaks within Excel's limit, atomic save."""

from __future__ import annotations

import math
import tempfile
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.errors import StorageError
from desktop.reports import paging, xlsx
from desktop.reports.xlsx import Book

RISKY = ["=1+1", "+86 577", "-5% 低糖茶", "@橡胶", "#N/A", "#DIV/0!", '=HYPERLINK("x","y")']
NOT_XML = ["<r>raw</r>", "<r><t>x</t></r>", "a<b>&c", '"quoted" & <tag>']


def _save(path: Path, build: object, created: datetime | None = None) -> None:
    xlsx.save_atomically(path, build, created=created)  # type: ignore[arg-type]


def test_text_stays_text_with_the_quote_prefix(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"

    def build(book: Book) -> None:
        sheet = book.create_sheet("文本")
        for text in [*RISKY, *NOT_XML, "控制\x01字符\x1f", "多行\n文本"]:
            sheet.append([text, xlsx.styled(text), xlsx.text_cell(text)])

    _save(path, build)
    book = load_workbook(path)
    rows = list(book["文本"].iter_rows())
    values = [[cell.value for cell in row] for row in rows]
    expected = [*RISKY, *NOT_XML, "控制字符", "多行\n文本"]
    assert values == [[text] * 3 for text in expected]
    for row in rows:
        for cell in row:
            assert cell.data_type == "s"
            assert cell.quotePrefix == (xlsx.is_risky(cell.value) or cell.column == 3)
    styled = rows[0][1]
    assert styled.font.name == xlsx.FONT_NAME and styled.border.left.style == "thin"


def test_values_by_type(tmp_path: Path) -> None:
    path = tmp_path / "v.xlsx"

    def build(book: Book) -> None:
        sheet = book.create_sheet("值")
        sheet.append([1, 2.5, Decimal("3.25"), True, date(2022, 6, 30), None, "", math.nan])
        sheet.append([xlsx.styled(0.125, xlsx.RIGHT.but(number_format=xlsx.PERCENT_FORMAT))])

    _save(path, build)
    sheet = load_workbook(path)["值"]
    first = [cell.value for cell in sheet[1]]
    assert first[:5] == [1, 2.5, 3.25, True, datetime(2022, 6, 30)]
    assert first[5:7] == [None, None] and first[7] == "nan"
    assert sheet["E1"].number_format == xlsx.DATE_FORMAT
    assert sheet["A2"].number_format == xlsx.PERCENT_FORMAT and sheet["A2"].value == 0.125


def test_widths_heights_merges_links_and_print_setup(tmp_path: Path) -> None:
    path = tmp_path / "p.xlsx"

    def build(book: Book) -> None:
        sheet = book.create_sheet("页面")
        other = book.create_sheet("目标")
        other.append(["x"])
        sheet.set_widths((4, 22, 9.5))
        xlsx.print_setup(sheet, (3, 3), gridlines=True)
        paging.fixed_scale(sheet, 77)
        sheet.repeat_columns(1)
        sheet.freeze("C4")
        sheet.set_height(1, 28)
        sheet.append([xlsx.styled("标题", xlsx.TITLE)])
        sheet.merge(1, 3, 1)
        sheet.append(["说明"])
        sheet.append(xlsx.header_row(["序号", "名称", "数"]))
        sheet.link(4, 2, "目标", xlsx.BODY)
        sheet.row_breaks.append(3)
        sheet.col_breaks.append(2)
        sheet.autofilter(3, 4, 3)
        sheet.print_area(4, 2)
        sheet.footer = "&A  第 &P 页 共 9 页"

    _save(path, build)
    book = load_workbook(path)
    sheet = book["页面"]
    widths = {k: v.width for k, v in sheet.column_dimensions.items()}
    assert (widths["A"], widths["B"]) == (4, 22)  # as given: the print layout counts on them
    assert widths["C"] == pytest.approx(9.5, abs=1 / 7)  # to the pixel
    assert sheet.row_dimensions[1].height == xlsx.stored_height(28) == 27.75
    assert [str(r) for r in sheet.merged_cells.ranges] == ["A1:C1"]
    assert sheet["A1"].font.size == 16 and sheet["A1"].alignment.horizontal == "center"
    assert sheet["B4"].hyperlink.location == "'目标'!A1" and sheet["B4"].value == "目标"
    assert sheet.freeze_panes == "C4"
    assert sheet.print_title_rows == "$3:$3" and sheet.print_title_cols == "$A:$A"
    setup = sheet.page_setup
    assert (setup.paperSize, setup.orientation, setup.scale) == (9, "landscape", 77)
    assert not sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_options.gridLines and sheet.print_options.horizontalCentered
    assert (sheet.page_margins.left, sheet.page_margins.top) == (0.4, 0.6)
    assert setup.useFirstPageNumber and (setup.firstPageNumber or 1) == 1  # 1 is the default
    assert [b.id for b in sheet.row_breaks.brk] == [3]
    assert [b.id for b in sheet.col_breaks.brk] == [2]
    assert sheet.oddFooter.center.text == "&A  第 &P 页 共 9 页"
    assert sheet.auto_filter.ref == "A3:C4"
    assert sheet.print_area == "'页面'!$A$1:$B$4"


def test_no_more_page_breaks_than_excel_opens(tmp_path: Path) -> None:
    """A sheet of thousands of pages keeps 1,023 manual breaks (Excel refuses a file with more);
    past them the program paginates, and the footer gives no total it cannot know."""
    path = tmp_path / "long.xlsx"
    pages = {}

    def build(book: Book) -> None:
        sheet = book.create_sheet("长表")
        pager = paging.Pager(sheet, 100)
        for number in range(40_000):
            pager.add(17)
            sheet.append([number])
        pages["count"] = pager.finish()

    _save(path, build)
    sheet = load_workbook(path, read_only=False)["长表"]
    assert len(sheet.row_breaks.brk) == xlsx.MAX_BREAKS
    assert pages["count"] > xlsx.MAX_BREAKS + 1
    assert sheet.oddFooter.center.text == "&A  第 &P 页"


def test_same_workbook_same_bytes_and_its_date(tmp_path: Path) -> None:
    created = datetime(2022, 7, 10)

    def build(book: Book) -> None:
        book.set_properties(title="月报", author="李四")
        book.create_sheet("表").append(["a", 1])

    _save(tmp_path / "a.xlsx", build, created)
    _save(tmp_path / "b.xlsx", build, created)
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.xlsx") as archive:
        core = archive.read("docProps/core.xml").decode()
    assert "2022-07-10T00:00:00Z" in core and "李四" in core


def test_a_failing_build_leaves_nothing_behind(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"previous")
    before = set(Path(tempfile.gettempdir()).iterdir())

    def build(book: Book) -> None:
        book.create_sheet("表").append(["a"])
        raise StorageError("中断", "interrupted")

    with pytest.raises(StorageError):
        _save(path, build)
    assert path.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.xlsx"]
    assert set(Path(tempfile.gettempdir()).iterdir()) <= before


def test_sheet_titles_are_valid_and_unique() -> None:
    used: set[str] = set()
    assert xlsx.sheet_title("a/b:c*d?[e]", used) == "a、b、c、d、、e、"
    assert xlsx.sheet_title("Sheet", used) == "Sheet"
    assert xlsx.sheet_title("sheet", used) == "sheet_2"  # Excel ignores case
    assert xlsx.sheet_title("'", used, "未导入的行") == "未导入的行"
    long = xlsx.sheet_title("长" * 40, used)
    assert len(long) == 31 and len(xlsx.sheet_title("长" * 40, used)) == 31
