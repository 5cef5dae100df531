"""Print the county 月报 through LibreOffice and look at every page: size of the text, pictures.

    python scripts/check_report_pages.py [--records N] [--period YYYY-MM] [--out docs/reports]

Builds a demo county (every township's records, the CLI's ``demo --county`` generator), writes
the 月报 workbook, converts it with ``soffice --headless --convert-to pdf``, then for every page:

- measures the smallest text with ``pdftotext -bbox`` (LibreOffice's word box is 1.299 × the
  font size) and fails when any page prints text below 9 pt;
- renders it with ``pdftoppm`` and tiles the pages, twelve to a picture, into
  ``<out>/pages/monthly-report-pages-NN.png``, plus a full-size picture of the first page of
  each kind of sheet (目录, 月报, a township, each detail sheet's column groups).

Needs LibreOffice and poppler-utils (``apt-get install libreoffice-calc poppler-utils``).
Exit status 1 when a page is below 9 pt or a page count in the footer is wrong.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

HEIGHT_PER_POINT = 1.299
"""pdftotext's word box height per point of font size for LibreOffice's CJK fallback font."""
SMALLEST = 9.0
TILE_COLUMNS, TILE_ROWS = 4, 3
SAMPLES = {
    "目录": ("contents-page", 1),
    "月报": ("summary-county-page", 1),
    "罗阳镇": ("summary-township-page", 1),
    "抽检检查明细": ("inspections-column-group", 3),
    "认证品牌标准明细": ("certifications-column-group", 2),
    "示范项目进展": ("projects-column-group", 2),
}
"""Sheets pictured at full size: the first page, and for a detail sheet each column group."""
FOOTER_RE = re.compile(r"(\S+)\s+第\s*(\d+)\s*页\s*共\s*(\d+)\s*页")


def build_report(folder: Path, records: int, period: str) -> Path:
    from desktop.db import Database
    from desktop.reports.monthly import parse_period
    from desktop.reports.workbook import write_monthly_report
    from desktop.services import demo
    from desktop.services.office import init_office

    database = Database.for_data_dir(folder / "county")
    office = init_office(database, county=True, operator="县办王五")
    today = date(2022, 7, 10)
    demo.generate(database, office, records=records, seed=7, today=today)
    path = folder / f"月报-{period}.xlsx"
    with database.session() as session:
        write_monthly_report(
            session,
            path,
            parse_period(period, today),
            today,
            unit=office.display_name(),
            preparer=office.operator,
        )
    database.dispose()
    return path


def to_pdf(workbook: Path) -> Path:
    profile = workbook.parent / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(workbook.parent),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return workbook.with_suffix(".pdf")


def page_texts(pdf: Path) -> list[tuple[float, str]]:
    """(smallest text size in points, page text) of every page."""
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for page in boxes.split("<page ")[1:]:
        heights = [
            (float(bottom) - float(top)) / HEIGHT_PER_POINT
            for top, bottom in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', page)
        ]
        words = " ".join(re.findall(r">([^<]+)</word>", page))
        pages.append((min(heights) if heights else 99.0, words))
    return pages


def tile(images: list[Path], out: Path) -> None:
    from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter

    QGuiApplication.instance() or QGuiApplication([])
    loaded = [QImage(str(p)) for p in images]
    width = max(i.width() for i in loaded)
    height = max(i.height() for i in loaded)
    gap = 12
    sheet = QImage(
        TILE_COLUMNS * (width + gap) + gap,
        TILE_ROWS * (height + gap) + gap,
        QImage.Format.Format_RGB32,
    )
    sheet.fill(QColor("#8a8f98"))
    sheet = sheet.convertToFormat(QImage.Format.Format_Grayscale8)
    painter = QPainter(sheet)
    for index, image in enumerate(loaded):
        x = gap + (index % TILE_COLUMNS) * (width + gap)
        y = gap + (index // TILE_COLUMNS) * (height + gap)
        painter.drawImage(x, y, image)
    painter.end()
    sheet.save(str(out))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=40, help="demo records per township")
    parser.add_argument("--period", default="2022-06")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "reports")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="qd-pages-"))
    try:
        pdf = to_pdf(build_report(work, args.records, args.period))
        pages = page_texts(pdf)
        problems = []
        first_of_sheet: dict[str, int] = {}
        for number, (smallest, words) in enumerate(pages, start=1):
            if smallest < SMALLEST:
                problems.append(f"page {number}: text at {smallest:.1f} pt")
            footer = FOOTER_RE.search(words)
            if footer is None:
                problems.append(f"page {number}: no 第 N 页 共 M 页 footer")
                continue
            name, page, total = footer.group(1), int(footer.group(2)), int(footer.group(3))
            first_of_sheet.setdefault(name, number)
            if page > total:
                problems.append(f"page {number}: {name} page {page} of {total}")
        counted = {}
        for _, words in pages:
            footer = FOOTER_RE.search(words)
            if footer:
                counted[footer.group(1)] = counted.get(footer.group(1), 0) + 1
                if counted[footer.group(1)] > int(footer.group(3)):
                    problems.append(f"{footer.group(1)}: more pages than its footer says")
        print(
            f"{len(pages)} pages; smallest text {min(p[0] for p in pages):.2f} pt; "
            f"{len(first_of_sheet)} sheets"
        )
        out = args.out / "pages"
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        small = work / "small"
        small.mkdir()
        subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(small / "p")], check=True)
        images = sorted(small.glob("p-*.png"))
        per_sheet = TILE_COLUMNS * TILE_ROWS
        for start in range(0, len(images), per_sheet):
            tile(
                images[start : start + per_sheet],
                out / f"monthly-report-pages-{start // per_sheet + 1:02d}.png",
            )
        for name, (file_name, groups) in SAMPLES.items():
            if name not in first_of_sheet:
                continue
            first = first_of_sheet[name]
            for offset in range(groups):
                target = out / f"{file_name}-{offset + 1}.png"
                subprocess.run(
                    [
                        "pdftoppm",
                        "-r",
                        "70",
                        "-png",
                        "-singlefile",
                        "-f",
                        str(first + offset),
                        "-l",
                        str(first + offset),
                        str(pdf),
                        str(target.with_suffix("")),
                    ],
                    check=True,
                )
        for problem in problems:
            print("PROBLEM:", problem)
        return 1 if problems else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
