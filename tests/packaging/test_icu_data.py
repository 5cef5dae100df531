"""The bundle's smaller ICU data: the common-data format round-trips, and the filter keeps what
a Chinese/English office app needs (``packaging/icu_data.py``)."""

from __future__ import annotations

import importlib.util
import shutil
import struct
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "quality_desk_icu_data", ROOT / "packaging" / "icu_data.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


icu_data = _load()


def _header() -> bytes:
    info = struct.pack("<HHBBBB4s4s4s", 20, 0, 0, 0, 2, 0, b"CmnD", bytes((1, 0, 0, 0)), b"\0" * 4)
    header = struct.pack("<HBB", 32, 0xDA, 0x27) + info
    return header + b"\0" * (32 - len(header))


def _package(names: list[str]) -> bytes:
    items = [(name, name.encode("ascii") * 3) for name in names]
    return icu_data.to_bytes(icu_data.CommonData(_header(), items))


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("icudt73l/zh.res", True),
        ("icudt73l/zh_Hans_CN.res", True),
        ("icudt73l/en_GB.res", True),
        ("icudt73l/root.res", True),
        ("icudt73l/coll/zh.res", True),
        ("icudt73l/coll/ucadata.icu", True),
        ("icudt73l/brkitr/cjdict.dict", True),
        ("icudt73l/brkitr/line.brk", True),
        ("icudt73l/supplementalData.res", True),
        ("icudt73l/curr/pool.res", True),
        ("icudt73l/gb18030.cnv", True),
        ("icudt73l/windows-936-2000.cnv", True),
        ("icudt73l/uprops.icu", True),
        ("icudt73l/de.res", False),
        ("icudt73l/coll/ja.res", False),
        ("icudt73l/zone/sr_Latn_BA.res", False),
        ("icudt73l/brkitr/thaidict.dict", False),
        ("icudt73l/translit/root.res", False),
        ("icudt73l/ibm-943_P15A-2003.cnv", False),
    ],
)
def test_what_the_filter_keeps(name: str, kept: bool) -> None:
    assert icu_data.keep_item(name) is kept


def test_common_data_round_trips_with_aligned_items() -> None:
    names = ["icudt73l/de.res", "icudt73l/root.res", "icudt73l/zh.res"]
    blob = _package(names)
    package = icu_data.parse(blob)
    assert [name for name, _ in package.items] == names
    assert icu_data.to_bytes(package) == blob
    count = struct.unpack_from("<I", blob, 32)[0]
    for index in range(count):
        _name, data_offset = struct.unpack_from("<II", blob, 32 + 4 + 8 * index)
        assert (32 + data_offset) % 16 == 0
    smaller = icu_data.filtered(package)
    assert [name for name, _ in smaller.items] == ["icudt73l/root.res", "icudt73l/zh.res"]
    assert icu_data.parse(icu_data.to_bytes(smaller)).items[1][1].startswith(b"icudt73l/zh.res")


def test_unsorted_or_foreign_data_is_refused() -> None:
    with pytest.raises(icu_data.IcuDataError):
        icu_data.to_bytes(icu_data.CommonData(_header(), [("b", b"1"), ("a", b"2")]))
    with pytest.raises(icu_data.IcuDataError):
        icu_data.parse(b"\0" * 64)


def _qt_icu_data() -> Path:
    import PySide6

    found = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    if not found or not sys.platform.startswith("linux") or shutil.which("cc") is None:
        pytest.skip("PySide6 without ICU data here (Windows uses the system's ICU), or no cc")
    return found[0]


PROBE = """
import functools
from PySide6.QtCore import QCollator, QLocale, QStringEncoder
zh = QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
print(" ".join(sorted("中张车波阿", key=functools.cmp_to_key(zh.compare))))
print(QStringEncoder("GB18030").isValid(), QStringEncoder("GBK").isValid())
"""


@pytest.mark.slow
def test_the_filtered_library_gives_qt_pinyin_order_and_chinese_codecs(tmp_path: Path) -> None:
    original = _qt_icu_data()
    out = tmp_path / original.name
    before, after = icu_data.filtered_library(original, out)
    assert after < before / 3
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        env={"LD_LIBRARY_PATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["阿 波 车 张 中", "True True"]
