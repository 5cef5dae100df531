"""Keys: this office's Ed25519 signing key, pinned keys of other offices, and sealing to the county.

Each installation has one Ed25519 key pair (signs packages) and one X25519 key pair (the county's
is used by townships to encrypt packages to it). Keys are created on first use (``init`` calls
:func:`ensure_identity`) and kept in ``sync_identity``. Other offices' keys are pinned in
``sync_trust``: trusted on first use, afterwards a different key is refused until re-enrolled.

Sealed files: ``MAGIC | ephemeral X25519 public (32) | nonce (12) | AES-256-GCM(zip)``, key =
HKDF-SHA256(shared secret, salt = ephemeral public ‖ recipient public, info = ``INFO``).
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from desktop.errors import UsageError
from desktop.models import SyncIdentity, SyncTrust
from desktop.sync import strict_json
from desktop.sync.errors import reject

SEAL_MAGIC = b"QDSEALED1\n"
SEAL_INFO = b"quality-desk package seal v1"
KEY_FILE_FORMAT = "quality-desk-public-key"
KEY_FILE_MAX = 4096
METHOD_FIRST_USE = "first_use"
METHOD_ENROLLED = "enrolled"
METHOD_IMPORTED = "imported"
METHOD_RESET = "reset"

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_RAW = serialization.Encoding.Raw
_RAW_PUB = serialization.PublicFormat.Raw
_RAW_PRIV = serialization.PrivateFormat.Raw


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def fingerprint(verify_key: bytes) -> str:
    """Fingerprint for reading over the phone: 32 hex digits of SHA-256 in groups of four."""
    digest = hashlib.sha256(verify_key).hexdigest()[:32].upper()
    return "-".join(digest[i : i + 4] for i in range(0, 32, 4))


def key_id(verify_key: bytes) -> str:
    """The fingerprint without dashes, as written in manifests."""
    return fingerprint(verify_key).replace("-", "").lower()


@dataclass(frozen=True)
class Identity:
    """This installation's keys (private parts stay inside the sync layer)."""

    signing_key: Ed25519PrivateKey
    verify_key: bytes
    box_key: X25519PrivateKey
    box_public_key: bytes

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.verify_key)

    @property
    def key_id(self) -> str:
        return key_id(self.verify_key)

    def sign(self, data: bytes) -> bytes:
        return self.signing_key.sign(data)


def _identity_from(row: SyncIdentity) -> Identity:
    return Identity(
        Ed25519PrivateKey.from_private_bytes(unb64(row.signing_key)),
        unb64(row.verify_key),
        X25519PrivateKey.from_private_bytes(unb64(row.box_key)),
        unb64(row.box_public_key),
    )


def load_identity(session: Session) -> Identity | None:
    """This installation's keys, or None when none were created yet."""
    row = session.get(SyncIdentity, 1)
    return _identity_from(row) if row else None


def ensure_identity(session: Session) -> Identity:
    """This installation's keys, created now if missing."""
    row = session.get(SyncIdentity, 1)
    if row is None:
        signing = Ed25519PrivateKey.generate()
        box = X25519PrivateKey.generate()
        verify = signing.public_key().public_bytes(_RAW, _RAW_PUB)
        row = SyncIdentity(
            singleton=1,
            signing_key=b64(signing.private_bytes(_RAW, _RAW_PRIV, serialization.NoEncryption())),
            verify_key=b64(verify),
            box_key=b64(box.private_bytes(_RAW, _RAW_PRIV, serialization.NoEncryption())),
            box_public_key=b64(box.public_key().public_bytes(_RAW, _RAW_PUB)),
            fingerprint=fingerprint(verify),
            created_at=datetime.now().replace(microsecond=0),
        )
        session.add(row)
        session.flush()
    return _identity_from(row)


def verify_signature(verify_key: bytes, signature: bytes, data: bytes) -> bool:
    """True when ``signature`` is a valid Ed25519 signature of ``data``."""
    try:
        Ed25519PublicKey.from_public_bytes(verify_key).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


# ---- public key files ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicKeyFile:
    """What ``keys export-county`` writes: an office's public keys."""

    owner: str
    verify_key: bytes
    box_public_key: bytes
    installation_id: str | None = None
    pc_label: str = ""

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.verify_key)


def write_key_file(
    path: Path,
    owner: str,
    identity: Identity,
    installation_id: str | None = None,
    pc_label: str = "",
) -> None:
    """Write an office's public key file; a township's also names its installation and PC."""
    data: dict[str, Any] = {
        "format": KEY_FILE_FORMAT,
        "owner": owner,
        "ed25519": b64(identity.verify_key),
        "x25519": b64(identity.box_public_key),
        "fingerprint": identity.fingerprint,
    }
    if installation_id is not None:
        data["installation_id"] = installation_id
        data["pc_label"] = pc_label
    path.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2))


def parse_key_file(raw: bytes) -> PublicKeyFile:
    """Parse a public key file; raise UsageError when it is not one."""
    bad = UsageError("不是有效的公钥文件", "not a valid public key file")
    if len(raw) > KEY_FILE_MAX:
        raise bad
    try:
        data = strict_json.loads(raw)
        if not isinstance(data, dict) or data.get("format") != KEY_FILE_FORMAT:
            raise bad
        owner, verify, box = data["owner"], unb64(data["ed25519"]), unb64(data["x25519"])
    except strict_json.DuplicateKeyError as error:
        raise UsageError(
            f"公钥文件无效：键 {error.key!r} 出现了两次",
            f"not a valid public key file: the key {error.key!r} appears twice",
        ) from None
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError):
        raise bad from None
    if not isinstance(owner, str) or len(verify) != 32 or len(box) != 32:
        raise bad
    if not usable_box_key(box):
        raise UsageError(
            "公钥文件中的加密公钥无效（退化的 X25519 公钥），不能用它加密",
            "the key file's encryption key is invalid (a degenerate X25519 key); "
            "nothing can be encrypted to it",
        )
    installation, label = data.get("installation_id"), data.get("pc_label", "")
    if installation is not None and (
        not isinstance(installation, str) or not UUID_RE.fullmatch(installation)
    ):
        raise bad
    if not isinstance(label, str) or len(label) > 64:
        raise bad
    return PublicKeyFile(owner, verify, box, installation, label)


# ---- trust ---------------------------------------------------------------------------------------


def check_or_pin(session: Session, owner: str, verify_key: bytes, actor: str) -> str:
    """Check a package's key against the pinned one; pin it on first use.

    Returns ``first_use`` when the key was pinned now, ``pinned`` when it matched.
    """
    row = session.get(SyncTrust, owner)
    if row is not None and row.verify_key is not None:
        if unb64(row.verify_key) != verify_key:
            raise reject(
                "key_changed",
                f"{owner} 的签名密钥与登记的不同（登记 {row.fingerprint}，收到 "
                f"{fingerprint(verify_key)}），包未导入；请与发送单位电话核实",
                f"the signing key of {owner} differs from the enrolled one ({row.fingerprint} "
                f"enrolled, {fingerprint(verify_key)} received); nothing imported, confirm "
                "with the sender by phone",
            )
        return "pinned"
    now = datetime.now().replace(microsecond=0)
    if row is None:
        session.add(
            SyncTrust(
                owner=owner,
                verify_key=b64(verify_key),
                box_public_key=None,
                fingerprint=fingerprint(verify_key),
                method=METHOD_FIRST_USE,
                pinned_at=now,
                pinned_by=actor,
            )
        )
    else:
        row.verify_key = b64(verify_key)
        row.fingerprint = fingerprint(verify_key)
        row.method = METHOD_FIRST_USE
        row.pinned_at = now
        row.pinned_by = actor
    session.flush()
    return "first_use"


def pin(
    session: Session,
    owner: str,
    verify_key: bytes | None,
    box_public_key: bytes | None,
    method: str,
    actor: str,
) -> None:
    """Replace the pinned key of ``owner`` (enrolment, county key import)."""
    session.execute(delete(SyncTrust).where(SyncTrust.owner == owner))
    session.add(
        SyncTrust(
            owner=owner,
            verify_key=b64(verify_key) if verify_key else None,
            box_public_key=b64(box_public_key) if box_public_key else None,
            fingerprint=fingerprint(verify_key) if verify_key else None,
            method=method,
            pinned_at=datetime.now().replace(microsecond=0),
            pinned_by=actor,
        )
    )
    session.flush()


def trust_rows(session: Session) -> list[dict[str, Any]]:
    return [
        {
            "owner": row.owner,
            "fingerprint": row.fingerprint,
            "method": row.method,
            "encrypts_to": row.box_public_key is not None,
            "pinned_at": row.pinned_at.isoformat(),
            "pinned_by": row.pinned_by,
        }
        for row in session.scalars(select(SyncTrust).order_by(SyncTrust.owner))
    ]


# ---- sealing ------------------------------------------------------------------------------------


def _derive(shared: bytes, salt: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=SEAL_INFO).derive(shared)


def _shared_secret(private: X25519PrivateKey, public: bytes) -> bytes | None:
    """X25519 of ``private`` and ``public``; None when ``public`` is degenerate.

    A low-order point (all zeros, 1, p − 1, the two points of order 8, their non-canonical
    encodings …) makes the shared secret all zeros, which ``cryptography`` refuses with
    ValueError: such a key protects nothing and must be rejected, not crash the reader.
    """
    if len(public) != 32:
        return None
    try:
        return private.exchange(X25519PublicKey.from_public_bytes(public))
    except ValueError:
        return None


def usable_box_key(public: bytes) -> bool:
    """True when something can be sealed to the X25519 public key ``public``."""
    return _shared_secret(X25519PrivateKey.generate(), public) is not None


def seal(data: bytes, recipient_public: bytes) -> bytes:
    """Encrypt ``data`` to an X25519 public key (anyone can seal; only the recipient opens)."""
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes(_RAW, _RAW_PUB)
    shared = _shared_secret(ephemeral, recipient_public)
    if shared is None:
        raise UsageError(
            "县级加密公钥无效（退化的 X25519 公钥），请重新导入县级公钥文件（keys import-county）",
            "the county's encryption key is invalid (a degenerate X25519 key); "
            "import the county's key file again (keys import-county)",
        )
    key = _derive(shared, ephemeral_public + recipient_public)
    nonce = os.urandom(12)
    return SEAL_MAGIC + ephemeral_public + nonce + AESGCM(key).encrypt(nonce, data, SEAL_MAGIC)


def is_sealed(data: bytes) -> bool:
    return data.startswith(SEAL_MAGIC)


def unseal(data: bytes, identity: Identity | None) -> bytes:
    """Open a sealed file with this installation's X25519 key; reject what does not open."""
    if identity is None:
        raise reject(
            "sealed_no_key",
            "包已加密，但本机没有解密密钥",
            "the package is encrypted but this office has no decryption key",
        )
    start = len(SEAL_MAGIC)
    if len(data) < start + 32 + 12 + 16:
        raise reject("sealed_truncated", "加密包不完整", "the encrypted package is truncated")
    ephemeral_public = data[start : start + 32]
    nonce = data[start + 32 : start + 44]
    shared = _shared_secret(identity.box_key, ephemeral_public)
    if shared is None:
        raise reject(
            "sealed_bad_key",
            "加密包的临时公钥无效（退化的 X25519 公钥），文件不是本软件加密的或已被改动",
            "the encrypted package's ephemeral key is invalid (a degenerate X25519 key); "
            "the file was not sealed by Quality Desk, or was altered",
        )
    key = _derive(shared, ephemeral_public + identity.box_public_key)
    try:
        return AESGCM(key).decrypt(nonce, data[start + 44 :], SEAL_MAGIC)
    except InvalidTag:
        raise reject(
            "sealed_wrong_key",
            "加密包无法解密（不是发给本单位的，或已被改动）",
            "the encrypted package does not open (not sealed to this office, or altered)",
        ) from None
