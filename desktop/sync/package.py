"""The package file: format constants, the zip writer and the capped, never-extracting reader.

A package is a zip holding ``manifest.json``, ``manifest.sig`` (64-byte Ed25519 signature of the
manifest bytes) and one JSON-lines member per table. The reader never writes to disk, reads only
allow-listed names, checks every cap before decompressing, decompresses with a hard limit, checks
the format and schema version before anything else, then the signature, then each member's size,
SHA-256, line lengths and record count. Anything wrong rejects the whole file with a reason.
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import orjson

from desktop import __version__
from desktop.models import COUNTY_OWNER, LEDGER_MODELS
from desktop.services.dates import PERIOD_RE
from desktop.services.validation import EARLIEST_DATE
from desktop.sync import keys, strict_json
from desktop.sync.errors import PackageRejectedError, reject

FORMAT = "quality-desk-package"
FORMAT_VERSIONS = (1, 2)
"""Versions this release reads. 2 adds ``pc_label`` and a reference package addressed to one
township carrying that township's own rows; 1 is what the release before several installations
per township wrote (tests/fixtures/packages_v1)."""
FORMAT_VERSION = FORMAT_VERSIONS[-1]
PC_LABEL_MAX = 64
KIND_DATA = "data"
KIND_REFERENCE = "reference"
KIND_RECEIPT = "receipt"
KINDS = (KIND_DATA, KIND_REFERENCE, KIND_RECEIPT)
SCHEMA_VERSIONS = ("0002", "0004", "0005")
"""Database schema revisions whose packages this release reads (rows carry their columns)."""
SCHEMA_VERSION = SCHEMA_VERSIONS[-1]

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
REFERENCE_TABLES = ("townships", "categories", "targets", "plans", "plan_targets", "settings")
RECEIPT_TABLE = "receipt"
MEMBERS_BY_KIND: dict[str, tuple[str, ...]] = {
    KIND_DATA: tuple(LEDGER_MODELS),
    KIND_REFERENCE: (*REFERENCE_TABLES, *LEDGER_MODELS),
    KIND_RECEIPT: (RECEIPT_TABLE,),
}
MEMBERS_V1: dict[str, tuple[str, ...]] = {
    **MEMBERS_BY_KIND,
    KIND_REFERENCE: (*REFERENCE_TABLES, "enterprises"),
}
EARLIEST_PERIOD = f"{EARLIEST_DATE:%Y-%m}"
"""Periods before it are implausible: the same bound as dates at entry and in rows."""
RECEIPT_COLUMNS = (  # one line per package the county holds, in a receipt
    "manifest_sha256",
    "installation_id",
    "sequence",
    "period",
    "created_at",
    "imported_at",
    "records",
    "nothing_to_report",
)

ALL_MEMBER_NAMES = frozenset(
    f"{table}.jsonl" for tables in MEMBERS_BY_KIND.values() for table in tables
) | {MANIFEST, SIGNATURE}

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_ENTRIES = 16
MAX_MANIFEST_BYTES = 256 * 1024
MAX_MEMBER_BYTES = 256 * 1024 * 1024
MAX_TOTAL_BYTES = 512 * 1024 * 1024
MAX_RATIO = 100
RATIO_FLOOR_BYTES = 64 * 1024
MAX_LINE_BYTES = 64 * 1024
MAX_RECORDS = 2_000_000
CLOCK_SKEW = timedelta(days=1)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

SHA_RE = re.compile(r"^[0-9a-f]{64}$")
OWNER_RE = re.compile(r"^(\d{12}|county)$", re.ASCII)
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def member_name(table: str) -> str:
    return f"{table}.jsonl"


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ---- manifest -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    """One JSON-lines member as listed in the manifest."""

    name: str
    sha256: str
    size: int
    records: int


@dataclass(frozen=True)
class Manifest:
    """The signed description of a package."""

    kind: str
    schema_version: str
    owner: str
    installation_id: str
    key_id: str
    verify_key: bytes
    sequence: int
    previous_sha256: str | None
    period: str
    created_at: datetime
    app_version: str
    nothing_to_report: bool
    full: bool
    hlc_from: int
    hlc_to: int
    members: tuple[Member, ...]
    addressee: str | None = None
    pc_label: str = ""
    format_version: int = FORMAT_VERSION

    def to_bytes(self) -> bytes:
        data: dict[str, Any] = {
            "format": FORMAT,
            "format_version": self.format_version,
            "schema_version": self.schema_version,
            "kind": self.kind,
            "owner": self.owner,
            "addressee": self.addressee,
            "installation_id": self.installation_id,
            "key_id": self.key_id,
            "verify_key": keys.b64(self.verify_key),
            "sequence": self.sequence,
            "previous_sha256": self.previous_sha256,
            "period": self.period,
            "created_at": self.created_at.isoformat(timespec="seconds"),
            "app_version": self.app_version,
            "nothing_to_report": self.nothing_to_report,
            "full": self.full,
            "hlc_from": self.hlc_from,
            "hlc_to": self.hlc_to,
            "members": [
                {"name": m.name, "sha256": m.sha256, "size": m.size, "records": m.records}
                for m in self.members
            ],
        }
        if self.format_version >= 2:
            data["pc_label"] = self.pc_label
        return orjson.dumps(data, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2)

    @property
    def records(self) -> int:
        return sum(m.records for m in self.members)


def _bad_manifest(what: str) -> Exception:
    return reject("bad_manifest", f"清单字段 {what} 无效", f"manifest field {what} is invalid")


def _typed(data: dict[str, Any], name: str, kind: type | tuple[type, ...]) -> Any:
    value = data.get(name)
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise _bad_manifest(name)
    return value


def parse_manifest(raw: bytes, now: datetime) -> Manifest:
    """Parse and check a manifest: format and schema version first, then every field."""
    try:
        data = strict_json.loads(raw)
    except strict_json.DuplicateKeyError as error:
        raise reject(
            "duplicate_key",
            f"清单中的键 {error.key!r} 出现了两次",
            f"the manifest names the key {error.key!r} twice",
        ) from None
    except (orjson.JSONDecodeError, strict_json.InvalidJsonError):
        raise reject(
            "bad_manifest", "清单不是有效的 JSON", "the manifest is not valid JSON"
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise reject("not_a_package", "不是质量提升台账的同步包", "not a Quality Desk package")
    version = data.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version not in FORMAT_VERSIONS:
        raise reject(
            "format_version",
            f"包格式版本 {version!r} 不受支持（本软件支持 {FORMAT_VERSION} 及以前），请升级软件",
            f"package format version {version!r} is not supported (this release reads up to "
            f"{FORMAT_VERSION}); upgrade the app",
        )
    schema = data.get("schema_version")
    if schema not in SCHEMA_VERSIONS:
        raise reject(
            "schema_version",
            f"包的数据结构版本 {schema!r} 未知或比本软件新，请升级软件",
            f"the package's schema version {schema!r} is unknown or newer than this release",
        )
    kind = data.get("kind")
    if kind not in KINDS:
        raise _bad_manifest("kind")
    owner = _typed(data, "owner", str)
    if not OWNER_RE.fullmatch(owner):
        raise _bad_manifest("owner")
    addressee = data.get("addressee")
    if addressee is not None and (
        not isinstance(addressee, str) or not OWNER_RE.fullmatch(addressee)
    ):
        raise _bad_manifest("addressee")
    installation_id = _typed(data, "installation_id", str)
    if not UUID_RE.fullmatch(installation_id):
        raise _bad_manifest("installation_id")
    try:
        verify_key = keys.unb64(_typed(data, "verify_key", str))
    except ValueError:
        raise _bad_manifest("verify_key") from None
    if len(verify_key) != 32:
        raise _bad_manifest("verify_key")
    key_id = _typed(data, "key_id", str)
    if key_id != keys.key_id(verify_key):
        raise _bad_manifest("key_id")
    sequence = _typed(data, "sequence", int)
    if not 1 <= sequence < 2**31:
        raise _bad_manifest("sequence")
    previous = data.get("previous_sha256")
    if previous is not None and (not isinstance(previous, str) or not SHA_RE.fullmatch(previous)):
        raise _bad_manifest("previous_sha256")
    if (previous is None) != (sequence == 1):
        raise _bad_manifest("previous_sha256")
    period = _typed(data, "period", str)
    if not PERIOD_RE.fullmatch(period) or period < EARLIEST_PERIOD:
        raise _bad_manifest("period")
    pc_label = ""
    if version >= 2:
        pc_label = _typed(data, "pc_label", str)
        if len(pc_label) > PC_LABEL_MAX or any(ord(c) < 32 for c in pc_label):
            raise _bad_manifest("pc_label")
    try:
        created_at = datetime.fromisoformat(_typed(data, "created_at", str))
    except ValueError:
        raise _bad_manifest("created_at") from None
    # The county's clock is the reference (its key is pinned and its time signed): a township
    # PC whose clock is behind must still read the county's packages (docs/sync-format.md §5.5).
    authority = owner == COUNTY_OWNER
    if created_at.tzinfo is not None:
        raise _bad_manifest("created_at")
    if created_at > now + CLOCK_SKEW and not authority:
        raise reject(
            "future_date",
            f"包的创建时间 {created_at} 在未来，请检查乡镇电脑的日期",
            f"the package was created in the future ({created_at}); check the sender's clock",
        )
    if period > f"{(max(now, created_at) if authority else now) + CLOCK_SKEW:%Y-%m}":
        raise reject("future_date", f"报告期 {period} 在未来", f"period {period} is in the future")
    hlc_from = _typed(data, "hlc_from", int)
    hlc_to = _typed(data, "hlc_to", int)
    if not 0 <= hlc_from <= hlc_to < 2**63:
        raise _bad_manifest("hlc_from/hlc_to")
    members_raw = _typed(data, "members", list)
    if len(members_raw) > MAX_ENTRIES:
        raise _bad_manifest("members")
    tables = MEMBERS_BY_KIND[kind] if version >= 2 else MEMBERS_V1[kind]
    allowed = {member_name(t) for t in tables}
    members = []
    for entry in members_raw:
        if not isinstance(entry, dict) or set(entry) != {"name", "sha256", "size", "records"}:
            raise _bad_manifest("members")
        name = _typed(entry, "name", str)
        if name not in allowed:
            raise reject(
                "unexpected_member",
                f"清单列出了不允许的成员 {name!r}",
                f"the manifest lists a member that is not allowed: {name!r}",
            )
        digest, size, records = entry["sha256"], entry["size"], entry["records"]
        if not isinstance(digest, str) or not SHA_RE.fullmatch(digest):
            raise _bad_manifest("members.sha256")
        for number, limit in ((size, MAX_MEMBER_BYTES), (records, MAX_RECORDS)):
            if not isinstance(number, int) or isinstance(number, bool) or not 0 <= number <= limit:
                raise reject(
                    "too_large",
                    "成员的大小或记录数超出上限",
                    "a member's size or count is over the cap",
                )
        members.append(Member(name, digest, size, records))
    if len({m.name for m in members}) != len(members):
        raise reject("duplicate_member", "清单中成员重复", "the manifest lists a member twice")
    nothing = _typed(data, "nothing_to_report", bool)
    if nothing and any(m.records for m in members):
        raise _bad_manifest("nothing_to_report")
    return Manifest(
        kind=kind,
        schema_version=schema,
        owner=owner,
        installation_id=installation_id,
        key_id=key_id,
        verify_key=verify_key,
        sequence=sequence,
        previous_sha256=previous,
        period=period,
        created_at=created_at,
        app_version=str(data.get("app_version", ""))[:40],
        nothing_to_report=nothing,
        full=_typed(data, "full", bool),
        hlc_from=hlc_from,
        hlc_to=hlc_to,
        members=tuple(members),
        addressee=addressee,
        pc_label=pc_label,
        format_version=version,
    )


# ---- writer -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberData:
    """A member ready to be written: its table, JSON-lines bytes and record count."""

    table: str
    data: bytes
    records: int

    def describe(self) -> Member:
        return Member(member_name(self.table), sha256_hex(self.data), len(self.data), self.records)


def new_manifest(
    *,
    kind: str,
    owner: str,
    installation_id: str,
    identity: keys.Identity,
    sequence: int,
    previous_sha256: str | None,
    period: str,
    members: list[MemberData],
    full: bool = False,
    hlc_from: int = 0,
    hlc_to: int = 0,
    addressee: str | None = None,
    created_at: datetime | None = None,
    pc_label: str = "",
) -> Manifest:
    return Manifest(
        kind=kind,
        schema_version=SCHEMA_VERSION,
        owner=owner,
        installation_id=installation_id,
        key_id=identity.key_id,
        verify_key=identity.verify_key,
        sequence=sequence,
        previous_sha256=previous_sha256,
        period=period,
        created_at=(created_at or datetime.now()).replace(microsecond=0),
        app_version=__version__,
        nothing_to_report=not any(m.records for m in members),
        full=full,
        hlc_from=hlc_from,
        hlc_to=hlc_to,
        members=tuple(m.describe() for m in members),
        addressee=addressee,
        pc_label=pc_label[:PC_LABEL_MAX],
    )


def write_zip(manifest_bytes: bytes, signature: bytes, members: list[MemberData]) -> bytes:
    """The package bytes: manifest, signature, members, fixed timestamps, deflate."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in (
            (MANIFEST, manifest_bytes),
            (SIGNATURE, signature),
            *((member_name(m.table), m.data) for m in members),
        ):
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


def build(manifest: Manifest, identity: keys.Identity, members: list[MemberData]) -> bytes:
    """Sign the manifest and write the zip."""
    manifest_bytes = manifest.to_bytes()
    return write_zip(manifest_bytes, identity.sign(manifest_bytes), members)


# ---- reader -------------------------------------------------------------------------------------


@dataclass
class Package:
    """A read and verified package: its manifest, the manifest's hash and each member's rows.

    ``rows`` parses a member when it is asked for; :meth:`row_chunks` hands a member over a few
    thousand rows at a time, so an import never holds a whole package's rows at once.
    """

    manifest: Manifest
    manifest_sha256: str
    rows: Mapping[str, list[Any]] = field(default_factory=dict)
    sealed: bool = False

    def row_chunks(self, table: str, size: int) -> Iterator[list[dict[str, Any]]]:
        """A member's rows in order, ``size`` at a time (none for a table not in the package)."""
        if isinstance(self.rows, MemberRows):
            yield from self.rows.chunks(table, size)
            return
        rows = self.rows.get(table, [])
        for start in range(0, len(rows), size):
            yield rows[start : start + size]

    def records(self, table: str) -> int:
        """How many rows the package has for ``table`` (0 when it has no such member)."""
        if isinstance(self.rows, MemberRows):
            return self.rows.records(table)
        return len(self.rows.get(table, []))

    @property
    def label(self) -> str:
        m = self.manifest
        return f"{m.owner} #{m.sequence} {m.period}"


def _check_name(name: str, seen: set[str]) -> None:
    if "\\" in name or name.startswith("/") or ".." in name or re.match(r"^[A-Za-z]:", name):
        raise reject(
            "bad_member_name",
            f"包内文件名不安全：{name!r}",
            f"unsafe member name in the package: {name!r}",
        )
    if "/" in name or name not in ALL_MEMBER_NAMES:
        raise reject(
            "unexpected_member",
            f"包内有不应有的文件 {name!r}",
            f"unexpected member in the package: {name!r}",
        )
    if name in seen:
        raise reject("duplicate_member", f"包内文件 {name} 重复", f"duplicate member {name}")
    seen.add(name)


def _check_entries(raw: bytes, infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_ENTRIES:
        raise reject("too_many_members", "包内文件过多", "too many members in the package")
    seen: set[str] = set()
    total = 0
    for info in infos:
        _check_name(info.filename, seen)
        if info.flag_bits & 0x1:
            raise reject("encrypted_member", "包内文件被加密", "a member is zip-encrypted")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise reject(
                "compression", "包使用了不支持的压缩方式", "unsupported compression method"
            )
        limit = MAX_MANIFEST_BYTES if info.filename in (MANIFEST, SIGNATURE) else MAX_MEMBER_BYTES
        if info.file_size > limit:
            raise reject(
                "zip_bomb",
                f"{info.filename} 声明的大小超出上限",
                f"{info.filename} declares a size over the cap",
            )
        if info.file_size > RATIO_FLOOR_BYTES and info.file_size > MAX_RATIO * max(
            1, info.compress_size
        ):
            raise reject(
                "zip_bomb",
                f"{info.filename} 的压缩比异常（疑似压缩炸弹）",
                f"{info.filename} has an extreme compression ratio (zip bomb)",
            )
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise reject("zip_bomb", "包解压后总大小超出上限", "total uncompressed size over the cap")
    # Overlapping entries (the zip bomb Python 3.11's zipfile does not detect): every entry's
    # local header and data must end before the next entry starts.
    spans = sorted(((info.header_offset, info) for info in infos), key=lambda pair: pair[0])
    for (offset, info), nxt in zip(spans, [*spans[1:], None], strict=True):
        header = raw[offset : offset + 30]
        if len(header) < 30 or header[:4] != b"PK\x03\x04":
            raise reject("bad_zip", "包文件已损坏", "the package file is damaged")
        name_len, extra_len = struct.unpack("<HH", header[26:30])
        end = offset + 30 + name_len + extra_len + info.compress_size
        if end > len(raw) or (nxt is not None and end > nxt[0]):
            raise reject(
                "zip_bomb",
                "包内文件相互重叠（疑似压缩炸弹）",
                "members overlap each other (zip bomb)",
            )


def _read_capped(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    """Decompress one member, refusing more than ``limit`` bytes."""
    with archive.open(name) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise reject("zip_bomb", f"{name} 解压后超出上限", f"{name} decompresses past its cap")
    return data


READ_BLOCK = 1024 * 1024
"""Bytes decompressed at a time: a member is read in a stream, never held whole."""


def _blocks(archive: zipfile.ZipFile, name: str, limit: int) -> Iterator[bytes]:
    """A member's decompressed bytes a block at a time, refusing more than ``limit``."""
    total = 0
    with archive.open(name) as handle:
        # never past limit + 1 bytes in all, as one read of the whole member would be capped
        while block := handle.read(min(READ_BLOCK, limit + 1 - total)):
            total += len(block)
            if total > limit:
                raise reject(
                    "zip_bomb", f"{name} 解压后超出上限", f"{name} decompresses past its cap"
                )
            yield block


def _lines(blocks: Iterable[bytes]) -> Iterator[bytes]:
    """The newline-terminated lines of a stream of blocks (without their newline); a last line
    without its newline is yielded too, so the caller can tell it is incomplete."""
    rest = b""
    for block in blocks:
        lines = (rest + block).split(b"\n") if rest else block.split(b"\n")
        rest = lines.pop()
        yield from lines
    if rest:
        yield rest


def _line_problem(name: str, number: int, line: bytes) -> PackageRejectedError | None:
    """What is wrong with one line of a member, or None: too long, not JSON, a key named twice,
    not one object (checked in that order)."""
    if len(line) > MAX_LINE_BYTES:
        return reject(
            "line_too_long", f"{name} 第 {number} 行过长", f"line {number} of {name} is too long"
        )
    try:
        value = strict_json.loads(line)
    except strict_json.DuplicateKeyError as error:
        return reject(
            "duplicate_key",
            f"{name} 第 {number} 行中的键 {error.key!r} 出现了两次",
            f"line {number} of {name} names the key {error.key!r} twice",
        )
    except (orjson.JSONDecodeError, strict_json.InvalidJsonError):
        return reject(
            "bad_json",
            f"{name} 第 {number} 行不是有效的 JSON",
            f"line {number} of {name} is not valid JSON",
        )
    if type(value) is not dict:
        return reject(
            "bad_json",
            f"{name} 第 {number} 行应为一个对象",
            f"line {number} of {name} must be one object",
        )
    return None


def verify_member(archive: zipfile.ZipFile, member: Member) -> None:
    """One streamed pass over a member, nothing kept: its size and SHA-256 against the manifest,
    its last line complete, as many lines as the manifest says, each line an object without a
    repeated key. Reported in that order (a member's hash before its lines, as it always was)."""
    name = member.name
    digest = hashlib.sha256()
    size = count = 0
    ended = True
    problem: PackageRejectedError | None = None

    def hashed() -> Iterator[bytes]:
        nonlocal size, ended
        for block in _blocks(archive, name, member.size):
            size += len(block)
            digest.update(block)
            ended = block.endswith(b"\n")
            yield block

    for count, line in enumerate(_lines(hashed()), start=1):
        if problem is None:
            problem = _line_problem(name, count, line)
    if size != member.size or digest.hexdigest() != member.sha256:
        raise reject(
            "tampered_member",
            f"{name} 与清单中的校验值不符（已被改动）",
            f"{name} does not match its hash in the manifest (altered)",
        )
    if not ended:
        raise reject(
            "truncated", f"{name} 最后一行不完整", f"the last line of {name} is incomplete"
        )
    if count != member.records:
        raise reject(
            "wrong_count",
            f"{name} 有 {count} 行，清单写的是 {member.records} 行",
            f"{name} has {count} lines, the manifest says {member.records}",
        )
    if problem is not None:
        raise problem


class MemberRows(Mapping[str, list[Any]]):
    """The rows of each verified member, parsed from the package's bytes when asked for."""

    def __init__(self, raw: bytes, members: dict[str, Member]) -> None:
        self._raw = raw
        self._members = members

    def __getitem__(self, table: str) -> list[Any]:
        return [row for chunk in self.chunks(table, 10_000) for row in chunk]

    def __iter__(self) -> Iterator[str]:
        return iter(self._members)

    def __len__(self) -> int:
        return len(self._members)

    def records(self, table: str) -> int:
        member = self._members.get(table)
        return member.records if member is not None else 0

    def chunks(self, table: str, size: int) -> Iterator[list[dict[str, Any]]]:
        """The rows of a verified member, ``size`` at a time. Verified means no line names a
        key twice, so plain orjson reads each line as the strict reader did."""
        member = self._members.get(table)
        if member is None:
            return
        loads = orjson.loads
        with zipfile.ZipFile(io.BytesIO(self._raw)) as archive:
            chunk: list[dict[str, Any]] = []
            for line in _lines(_blocks(archive, member.name, member.size)):
                chunk.append(loads(line))
                if len(chunk) >= size:
                    yield chunk
                    chunk = []
            if chunk:
                yield chunk


def read(
    raw: bytes,
    identity: keys.Identity | None = None,
    now: datetime | None = None,
) -> Package:
    """Read and verify a package from its bytes; raise PackageRejectedError with a reason."""
    now = now or datetime.now()
    if len(raw) > MAX_FILE_BYTES:
        raise reject("too_large", "文件超过 200 MB 上限", "the file is over the 200 MB cap")
    sealed = keys.is_sealed(raw)
    if sealed:
        raw = keys.unseal(raw, identity)
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        ValueError,
        EOFError,
        OSError,
        NotImplementedError,  # a central directory naming a zip version zipfile cannot read
    ):
        raise reject(
            "not_a_zip",
            "文件不是同步包（不是 zip 文件或已截断）",
            "the file is not a package (not a zip file, or truncated)",
        ) from None
    try:
        with archive:
            return _read_archive(raw, archive, now, sealed)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        EOFError,
        OSError,
        ValueError,
        NotImplementedError,
        zlib.error,
    ) as error:
        raise reject(
            "bad_zip", f"包文件已损坏：{error}", f"the package file is damaged: {error}"
        ) from None


def _read_archive(raw: bytes, archive: zipfile.ZipFile, now: datetime, sealed: bool) -> Package:
    infos = archive.infolist()
    _check_entries(raw, infos)
    names = {info.filename for info in infos}
    if MANIFEST not in names or SIGNATURE not in names:
        raise reject(
            "missing_manifest", "包内缺少清单或签名", "the package lacks its manifest or signature"
        )
    manifest_bytes = _read_capped(archive, MANIFEST, MAX_MANIFEST_BYTES)
    manifest = parse_manifest(manifest_bytes, now)
    signature = _read_capped(archive, SIGNATURE, 64)
    if len(signature) != 64 or not keys.verify_signature(
        manifest.verify_key, signature, manifest_bytes
    ):
        raise reject(
            "bad_signature",
            "清单签名无效（包被改动过，或不是用所写的密钥签名）",
            "the manifest signature is invalid (altered, or not signed by the stated key)",
        )
    listed = {m.name for m in manifest.members}
    if names != listed | {MANIFEST, SIGNATURE}:
        extra = sorted(names - listed - {MANIFEST, SIGNATURE})
        missing = sorted(listed - names)
        raise reject(
            "member_mismatch",
            f"包内文件与清单不符（多出 {extra}，缺少 {missing}）",
            f"members do not match the manifest (extra {extra}, missing {missing})",
        )
    for member in manifest.members:  # streamed: a member is never held whole
        verify_member(archive, member)
    members = {member.name[: -len(".jsonl")]: member for member in manifest.members}
    return Package(manifest, sha256_hex(manifest_bytes), MemberRows(raw, members), sealed)
