"""A smaller ICU data library for the Linux bundle: only what a Chinese/English office app uses.

PySide6's Linux Qt links ICU, whose data library ``libicudata.so.NN`` (32 MB, a fifth of the
bundle) holds every locale, collation, converter and dictionary ICU knows. Qt uses ICU for
collation (``QCollator``), text boundaries, case mapping and non-Unicode codecs; this app only
ever works in Simplified Chinese and English. :func:`filtered_library` rebuilds the library
with the items :func:`keep_item` accepts (7.5 MB):

- every structural item (normalisation, properties, break rules, ``supplementalData``,
  ``likelySubtags``, time-zone tables, the collation base ``ucadata.icu``, ``pool.res`` ...);
- locale data of ``root``, ``zh*`` and ``en*`` only, in every category (main, ``coll``,
  ``brkitr``, ``curr``, ``lang``, ``region``, ``unit``, ``zone``); other locales fall back to
  ``root`` as ICU always does for a locale it lacks;
- the Chinese word dictionary (``cjdict.dict``) but not the Thai, Khmer, Lao or Burmese ones;
- of the codepage converters only GB18030, GBK and GB2312; transliteration and
  number-spell-out rules (``translit``, ``rbnf``) not at all.

The data is ICU's *common data* format (``CmnD``): a header, a table of contents sorted by name
(``count``, then ``(name offset, data offset)`` pairs relative to the table), the names, then the
items, each 16-byte aligned. The library is one read-only symbol ``icudtNN_dat``; the rebuilt one
is assembled with ``.incbin`` and linked with the C compiler the Python headers need anyway.
Windows' Qt uses the system's own ICU, so there is nothing to do there.

``bundle_filter``'s ``ldd`` check and the bundle's ``self-test`` (Chinese collation through
``QCollator``) run against the result in ``packaging/build.py``.
"""

from __future__ import annotations

import ctypes
import re
import shutil
import struct
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LOCALE = re.compile(r"^[a-z]{2,3}(?:_[A-Za-z0-9]{2,8})*$")
KEPT_LOCALES = re.compile(r"^(?:zh|en)(?:_|$)")
KEPT_CONVERTERS = frozenset(
    # GB18030; GBK (windows-936, an extension of ibm-1386); GB2312 (ibm-1383, ibm-5478)
    (
        "gb18030.cnv",
        "windows-936-2000.cnv",
        "ibm-1386_P100-2001.cnv",
        "ibm-1383_P110-1999.cnv",
        "ibm-5478_P100-1995.cnv",
    )
)
KEPT_DICTIONARIES = frozenset(("cjdict.dict",))
DROPPED_CATEGORIES = frozenset(("translit", "rbnf"))
ALIGNMENT = 16
PAD = b"\xaa"  # what ICU's own packager pads with (a re-written package is byte-identical)
MAGIC = (0xDA, 0x27)


class IcuDataError(Exception):
    """The ICU data is not in the expected common-data format."""


@dataclass(frozen=True)
class CommonData:
    """An ICU common-data package: its header bytes and its items in table order."""

    header: bytes
    items: list[tuple[str, bytes]]

    def size(self) -> int:
        return len(to_bytes(self))


def keep_item(name: str) -> bool:
    """True when an item (``icudt73l/coll/zh.res``) stays in the bundle's ICU data."""
    parts = name.split("/")[1:] or [name]
    base = parts[-1]
    stem, _, extension = base.rpartition(".")
    if extension == "cnv":
        return base in KEPT_CONVERTERS
    if len(parts) > 1 and parts[0] in DROPPED_CATEGORIES:
        return False
    if extension == "dict":
        return base in KEPT_DICTIONARIES
    if extension == "res" and LOCALE.match(stem):
        return bool(KEPT_LOCALES.match(stem))
    return True


def parse(blob: bytes) -> CommonData:
    """Read a common-data package (the content of ``icudtNN_dat`` or an ``icudtNNl.dat``)."""
    if len(blob) < 32:
        raise IcuDataError("too short for ICU data")
    header_size, magic1, magic2 = struct.unpack_from("<HBB", blob, 0)
    if (magic1, magic2) != MAGIC or blob[12:16] != b"CmnD" or blob[8] != 0:
        raise IcuDataError("not little-endian ICU common data (CmnD)")
    (count,) = struct.unpack_from("<I", blob, header_size)
    entries = [struct.unpack_from("<II", blob, header_size + 4 + 8 * i) for i in range(count)]
    starts = [header_size + data for _name, data in entries]
    items = []
    for index, (name_offset, _data) in enumerate(entries):
        name_start = header_size + name_offset
        name = blob[name_start : blob.index(b"\0", name_start)].decode("ascii")
        end = starts[index + 1] if index + 1 < count else len(blob)
        items.append((name, blob[starts[index] : end]))
    return CommonData(blob[:header_size], items)


def to_bytes(package: CommonData) -> bytes:
    """Write a common-data package (items in the given order, which must be sorted by name)."""
    names = [name for name, _data in package.items]
    if names != sorted(names):
        raise IcuDataError("ICU looks items up by binary search: they must be sorted")
    table_size = 4 + 8 * len(names)
    name_blob = bytearray()
    name_offsets = []
    for name in names:
        name_offsets.append(table_size + len(name_blob))
        name_blob.extend(name.encode("ascii") + b"\0")
    body = bytearray(name_blob)
    # Items start 16-byte aligned relative to the package start (the header is 16-aligned).
    body.extend(PAD * (-(len(package.header) + table_size + len(body)) % ALIGNMENT))
    data_offsets = []
    for index, (_name, data) in enumerate(package.items):
        data_offsets.append(table_size + len(body))
        body.extend(data)
        if index + 1 < len(package.items):
            body.extend(PAD * (-(len(package.header) + table_size + len(body)) % ALIGNMENT))
    table = bytearray(struct.pack("<I", len(names)))
    for name_offset, data_offset in zip(name_offsets, data_offsets, strict=True):
        table.extend(struct.pack("<II", name_offset, data_offset))
    return bytes(package.header) + bytes(table) + bytes(body)


def filtered(package: CommonData) -> CommonData:
    """The package with only the items :func:`keep_item` accepts."""
    return CommonData(package.header, [item for item in package.items if keep_item(item[0])])


def read_library(library: Path) -> tuple[str, bytes]:
    """(symbol name, data) of an ICU data library (``libicudata.so.NN``)."""
    listing = subprocess.run(
        ["nm", "-D", "-S", "--defined-only", str(library)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    symbols = [(listing[i + 3], int(listing[i + 1], 16)) for i in range(0, len(listing) - 3, 4)]
    found = [(name, size) for name, size in symbols if re.fullmatch(r"icudt\d+_dat", name)]
    if len(found) != 1:
        raise IcuDataError(f"{library} has no single icudtNN_dat symbol: {symbols}")
    symbol, size = found[0]
    handle = ctypes.CDLL(str(library))
    address = ctypes.addressof(ctypes.c_char.in_dll(handle, symbol))
    return symbol, ctypes.string_at(address, size)


ASSEMBLY = """\
    .section .rodata
    .globl {symbol}
    .type {symbol}, @object
    .balign 16
{symbol}:
    .incbin "{data}"
    .size {symbol}, . - {symbol}
    .section .note.GNU-stack,"",@progbits
"""


def filtered_library(original: Path, out: Path, compiler: str = "cc") -> tuple[int, int]:
    """Write ``out``: ``original`` with only the kept items. Returns (old, new) data sizes."""
    if shutil.which(compiler) is None:
        raise IcuDataError(f"no C compiler ({compiler}) to link the smaller ICU data library")
    symbol, blob = read_library(original)
    package = filtered(parse(blob))
    data = to_bytes(package)
    with tempfile.TemporaryDirectory(prefix="icu-data-") as scratch_name:
        scratch = Path(scratch_name)
        (scratch / "data.bin").write_bytes(data)
        source = scratch / "data.S"
        source.write_text(ASSEMBLY.format(symbol=symbol, data=scratch / "data.bin"))
        out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [compiler, "-shared", "-nostdlib", f"-Wl,-soname,{original.name}", "-Wl,-z,noexecstack",
             "-o", str(out), str(source)],
            check=True,
        )  # fmt: skip
    return len(blob), len(data)


def replace_in_entries(entries: list[Any], work: Path) -> tuple[list[Any], str]:
    """PyInstaller TOC entries with ``libicudata.so.NN`` swapped for the filtered library.

    Returns the entries and a line saying what changed (nothing when there is no ICU data).
    """
    result, notes = [], []
    for entry in entries:
        dest, source, kind = entry[0], entry[1], entry[2]
        name = Path(str(dest)).name
        if re.fullmatch(r"libicudata\.so\.\d+", name):
            out = work / "icu" / name
            before, after = filtered_library(Path(str(source)), out)
            notes.append(f"{name}: ICU data {before / 1e6:.1f} → {after / 1e6:.1f} MB")
            entry = (dest, str(out), kind)
        result.append(entry)
    return result, "; ".join(notes) or "no ICU data library"
