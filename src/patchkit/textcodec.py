"""Bytes of a file to text and back, without losing a byte."""

from __future__ import annotations

# git treats a file as binary when a NUL byte appears in its first 8000 bytes.
_BINARY_PROBE = 8000


def is_binary(data: bytes) -> bool:
    return b"\0" in data[:_BINARY_PROBE]


def decode_text(data: bytes) -> str | None:
    """Return the file's text, or None for binary content.

    Bytes that are not UTF-8 survive as surrogate escapes, so `encode_text` gives
    back the exact input.
    """
    if is_binary(data):
        return None
    return data.decode("utf-8", errors="surrogateescape")


def encode_text(text: str) -> bytes:
    return text.encode("utf-8", errors="surrogateescape")
