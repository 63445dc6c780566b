"""Protection of the national ID (PDPA): encryption at rest, keyed-hash look-up, masking.

One configured key (LEARNHUB_FIELD_KEY, a Fernet key) encrypts the value; a
second key derived from it with HKDF makes the look-up hash, so the hash
cannot be reversed by hashing all 10^12 possible IDs without the key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

from learnhub.thai import normalize_national_id


def _fernet() -> Fernet:
    return Fernet(current_app.config["FIELD_ENCRYPTION_KEY"].encode())


def _lookup_key() -> bytes:
    raw = base64.urlsafe_b64decode(current_app.config["FIELD_ENCRYPTION_KEY"].encode())
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"learnhub national-id lookup"
    ).derive(raw)


def encrypt_national_id(national_id: str) -> str:
    return _fernet().encrypt(normalize_national_id(national_id).encode()).decode()


def decrypt_national_id(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()


def national_id_hash(national_id: str) -> str:
    """The keyed hash used to find a profile by ID and to refuse duplicates."""
    digits = normalize_national_id(national_id).encode()
    return hmac.new(_lookup_key(), digits, hashlib.sha256).hexdigest()
