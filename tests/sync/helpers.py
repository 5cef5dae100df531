"""Helpers for sync tests: offices in temporary folders, package surgery, database fingerprints."""

from __future__ import annotations

import hashlib
import io
import shutil
import sqlite3
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from desktop.db import Database
from desktop.paths import database_path
from desktop.services.office import Office, init_office, load_office
from desktop.sync import keys, package

TOWNSHIP_A = "330329100000"
TOWNSHIP_B = "330329102000"


@dataclass
class Site:
    """One office's data folder, opened on demand."""

    folder: Path

    @property
    def db_file(self) -> Path:
        return database_path(self.folder)

    @contextmanager
    def open(self) -> Iterator[tuple[Database, Office]]:
        database = Database.for_data_dir(self.folder)
        try:
            yield database, load_office(database)
        finally:
            database.dispose()

    def copy_to(self, folder: Path) -> Site:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(self.db_file, database_path(folder))
        return Site(folder)

    def sha256(self) -> str:
        return hashlib.sha256(self.db_file.read_bytes()).hexdigest()


def make_site(folder: Path, township: str | None) -> Site:
    database = Database.for_data_dir(folder)
    init_office(database, township_code=township, county=township is None, operator="测试员")
    with database.session() as session:
        keys.ensure_identity(session)
    database.dispose()
    return Site(folder)


def identity_of(site: Site) -> keys.Identity:
    with site.open() as (database, _office), database.session() as session:
        identity = keys.load_identity(session)
    assert identity is not None
    return identity


@dataclass
class Parts:
    """A package taken apart: manifest as a dict, signature, and members by name."""

    manifest: dict[str, Any]
    signature: bytes
    members: dict[str, bytes]

    @classmethod
    def of(cls, raw: bytes) -> Parts:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = {i.filename: archive.read(i) for i in archive.infolist()}
        manifest = orjson.loads(members.pop(package.MANIFEST))
        signature = members.pop(package.SIGNATURE)
        return cls(manifest, signature, members)

    def rows(self, table: str) -> list[dict[str, Any]]:
        data = self.members[f"{table}.jsonl"]
        return [orjson.loads(line) for line in data.splitlines()]

    def set_rows(self, table: str, rows: list[dict[str, Any]]) -> None:
        self.set_member(f"{table}.jsonl", b"".join(orjson.dumps(r) + b"\n" for r in rows))

    def set_member(self, name: str, data: bytes, records: int | None = None) -> None:
        """Replace a member and fix its manifest entry (hash, size, count)."""
        self.members[name] = data
        entries = [m for m in self.manifest["members"] if m["name"] != name]
        entries.append(
            {
                "name": name,
                "sha256": hashlib.sha256(data).hexdigest(),
                "size": len(data),
                "records": data.count(b"\n") if records is None else records,
            }
        )
        self.manifest["members"] = entries

    def manifest_bytes(self) -> bytes:
        return orjson.dumps(self.manifest, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2)

    def signed_by(self, identity: keys.Identity) -> Parts:
        self.manifest["verify_key"] = keys.b64(identity.verify_key)
        self.manifest["key_id"] = identity.key_id
        self.signature = identity.sign(self.manifest_bytes())
        return self

    def to_bytes(self, entries: list[tuple[str, bytes]] | None = None) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(package.MANIFEST, self.manifest_bytes())
            archive.writestr(package.SIGNATURE, self.signature)
            for name, data in entries if entries is not None else self.members.items():
                archive.writestr(name, data)
        return buffer.getvalue()


def logical_dump(db_file: Path) -> list[str]:
    """Every row of every table, as text (for comparing databases independent of page layout)."""
    with sqlite3.connect(db_file) as connection:
        return list(connection.iterdump())


def table_rows(db_file: Path, query: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db_file) as connection:
        return sorted(connection.execute(query).fetchall(), key=repr)


def fresh_identity() -> keys.Identity:
    """A key pair nobody has enrolled."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    signing, box = Ed25519PrivateKey.generate(), X25519PrivateKey.generate()
    return keys.Identity(
        signing,
        signing.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw),
        box,
        box.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw),
    )


def patch_central_directory(raw: bytes, name: str, offset: int, value: int) -> bytes:
    """Overwrite a 4-byte field (``offset`` into the central-directory entry) of member ``name``."""
    data = bytearray(raw)
    position = data.find(b"PK\x01\x02")
    while position != -1:
        name_len = int.from_bytes(data[position + 28 : position + 30], "little")
        extra_len = int.from_bytes(data[position + 30 : position + 32], "little")
        comment_len = int.from_bytes(data[position + 32 : position + 34], "little")
        entry_name = bytes(data[position + 46 : position + 46 + name_len]).decode()
        if entry_name == name:
            data[position + offset : position + offset + 4] = value.to_bytes(4, "little")
            return bytes(data)
        position = data.find(b"PK\x01\x02", position + 46 + name_len + extra_len + comment_len)
    raise KeyError(name)


def local_header_offset(raw: bytes, name: str) -> int:
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        return archive.getinfo(name).header_offset


CD_UNCOMPRESSED_SIZE = 24
CD_HEADER_OFFSET = 42
