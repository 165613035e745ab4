"""Evidence packages on disk: a folder and a signed ZIP of the same files, their verification, and
the signing key.

``manifest.json`` lists every file with its SHA-256 and size; ``manifest.sig`` is the Ed25519
signature (``cryptography``) of the manifest's exact bytes and ``public-key.pem`` the key to check it
with; ``verify-package --public-key`` pins the one the recipient was given separately, so a package
re-signed by someone else is refused too. The private key is a PEM file readable by its owner only.
The ZIP is packed canonically (sorted names, fixed 1980-01-01 times, fixed attributes, one
compression level), so the same files always give the same ZIP bytes. Verifying a ZIP therefore
also re-packs what it read and compares bytes: a flipped byte anywhere — in a file, a header, the
central directory or the comment — is reported, not only one inside a listed file.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy.engine import make_url

from threadline.config import Config
from threadline.errors import UserError

FORMAT = "threadline-evidence-package/1"
MANIFEST, SIGNATURE, PUBLIC_KEY = "manifest.json", "manifest.sig", "public-key.pem"
_META = (MANIFEST, SIGNATURE, PUBLIC_KEY)
_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a ZIP can hold: no clock time leaks into a package


@dataclass(frozen=True, slots=True)
class Package:
    folder: Path
    zip_path: Path
    manifest_sha256: str
    files: int


@dataclass(slots=True)
class Verification:
    files: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def manifest_bytes(subject: str, files: dict[str, bytes]) -> bytes:
    entries = [{"path": p, "sha256": hashlib.sha256(d).hexdigest(), "size": len(d)} for p, d in sorted(files.items())]
    doc = {"format": FORMAT, "subject": subject, "files": entries}
    return (json.dumps(doc, indent=1, sort_keys=True) + "\n").encode()


def pack_zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever machine packs it
            info.external_attr = 0o644 << 16
            zf.writestr(info, files[name], compresslevel=6)
    return buf.getvalue()


def package_contents(subject: str, files: dict[str, bytes], key: Ed25519PrivateKey) -> dict[str, bytes]:
    """The files plus manifest, signature and public key: what goes in the folder and in the ZIP."""
    if any(name in _META or name.startswith("/") or ".." in name for name in files):
        raise ValueError("package file names are relative and may not shadow the manifest")
    manifest = manifest_bytes(subject, files)
    return {**files, MANIFEST: manifest, SIGNATURE: sign(key, manifest), PUBLIC_KEY: public_pem(key)}


def manifest_sha256(contents: dict[str, bytes]) -> str:
    return hashlib.sha256(contents[MANIFEST]).hexdigest()


def write_package(subject: str, files: dict[str, bytes], out_dir: Path, key: Ed25519PrivateKey) -> Package:
    """Write ``out_dir/`` (the files plus manifest, signature, public key) and ``out_dir.zip`` beside it."""
    everything = package_contents(subject, files, key)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, data in everything.items():
        target = out_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    zip_path = out_dir.with_name(out_dir.name + ".zip")
    zip_path.write_bytes(pack_zip(everything))
    return Package(out_dir, zip_path, manifest_sha256(everything), len(files))


def _read_folder(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _read_zip(path: Path, v: Verification) -> dict[str, bytes] | None:
    try:
        with zipfile.ZipFile(path) as zf:
            return {name: zf.read(name) for name in zf.namelist()}
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, RuntimeError) as exc:
        # A changed flag or header byte makes zipfile raise almost anything; each is "cannot be read".
        v.problems.append(f"the ZIP cannot be read: {exc}")
        return None


def verify_files(files: dict[str, bytes], public_key: bytes | None = None) -> Verification:
    """Check the manifest signature, then every listed file's SHA-256 and size, and unlisted files."""
    v = Verification()
    missing = [m for m in _META if m not in files]
    if missing:
        v.problems.append(f"not a package: missing {', '.join(missing)}")
        return v
    manifest = files[MANIFEST]
    key = files[PUBLIC_KEY]
    if public_key is not None and public_key.strip() != key.strip():
        v.problems.append("the package is signed with a different key than the one given")
    problem = check_signature(key, files[SIGNATURE], manifest)
    if problem:
        v.problems.append(problem)
    try:
        listed = {e["path"]: e for e in json.loads(manifest)["files"]}
    except (ValueError, KeyError, TypeError) as exc:
        v.problems.append(f"the manifest does not parse: {exc}")
        return v
    for name, entry in sorted(listed.items()):
        data = files.get(name)
        if data is None:
            v.problems.append(f"{name}: missing")
        elif hashlib.sha256(data).hexdigest() != entry["sha256"] or len(data) != entry["size"]:
            v.problems.append(
                f"{name}: changed (SHA-256 {hashlib.sha256(data).hexdigest()}, manifest {entry['sha256']})"
            )
        v.files += 1
    v.problems.extend(f"{name}: not in the manifest" for name in sorted(set(files) - set(listed) - set(_META)))
    return v


def verify_package(path: Path, public_key: bytes | None = None) -> Verification:
    """Verify a package folder or ZIP; a ZIP must also be exactly the canonical packing of its files."""
    if path.is_dir():
        return verify_files(_read_folder(path), public_key)
    if not path.is_file():
        raise UserError(f"no package at {path}")
    probe = Verification()
    files = _read_zip(path, probe)
    if files is None:
        return probe
    v = verify_files(files, public_key)
    if pack_zip(files) != path.read_bytes():
        v.problems.append(
            "the ZIP's bytes differ from the canonical packing of its files (headers or metadata changed)"
        )
    return v


def signing_key_path(config: Config) -> Path:
    """Where the signing key lives: the setting, else beside the other secrets Threadline keeps."""
    if config.export_signing_key:
        return Path(config.export_signing_key)
    if config.web_secret_file:
        return Path(config.web_secret_file + ".signing-key")
    url = make_url(config.db)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database + ".signing-key")
    return Path("threadline-signing.key")


def load_or_create(path: Path) -> Ed25519PrivateKey:
    """The private key in ``path``; a new one is written there (mode 0600) when the file is absent."""
    if not path.exists():
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(pem)
        return key
    try:
        loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (ValueError, TypeError) as exc:
        raise UserError(f"{path} is not a PEM private key: {exc}") from None
    if not isinstance(loaded, Ed25519PrivateKey):
        raise UserError(f"{path} holds a {type(loaded).__name__}, not an Ed25519 key")
    return loaded


def public_pem(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def sign(key: Ed25519PrivateKey, data: bytes) -> bytes:
    # Ed25519 signatures are deterministic (RFC 8032), which keeps a repeated package byte-identical.
    return key.sign(data)


def check_signature(public: bytes, signature: bytes, data: bytes) -> str | None:
    """None when ``signature`` over ``data`` verifies with the PEM public key, else what is wrong."""
    try:
        loaded = serialization.load_pem_public_key(public)
    except ValueError as exc:
        return f"the public key does not load: {exc}"
    if not isinstance(loaded, Ed25519PublicKey):
        return "the public key is not Ed25519"
    # PEM readers forgive whitespace; the file must be exactly as written so no byte can change unnoticed.
    if loaded.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo) != public:
        return "public-key.pem is not byte for byte the key it encodes (changed)"
    try:
        loaded.verify(signature, data)
    except InvalidSignature:
        return "the manifest signature does not verify"
    return None
