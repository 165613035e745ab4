"""Signing keys for evidence packages: Ed25519 (``cryptography``), kept in a PEM file readable by its
owner only. The public key travels inside every package, and ``verify-package --public-key`` pins the
one the recipient was given separately, so a package re-signed by someone else is refused too.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from threadline.errors import UserError


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


def check(public: bytes, signature: bytes, data: bytes) -> str | None:
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
