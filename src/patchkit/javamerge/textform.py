"""Line endings, byte-order mark and final newline of a text, split off so merges see plain LF lines."""

from __future__ import annotations

from dataclasses import dataclass

BOM = "\ufeff"


@dataclass(frozen=True)
class TextForm:
    """The storage form of a text's lines: its byte-order mark and its line ending."""

    bom: bool
    crlf: bool


def detect_form(text: str) -> TextForm:
    """Return the form of `text`: CRLF when most of its line endings are CRLF."""
    crlf_count = text.count("\r\n")
    lf_count = text.count("\n") - crlf_count
    return TextForm(bom=text.startswith(BOM), crlf=crlf_count > lf_count)


def normalize(text: str) -> str:
    """Return `text` without a byte-order mark and with LF line endings."""
    if text.startswith(BOM):
        text = text[len(BOM):]
    return text.replace("\r\n", "\n")


def restore(text: str, form: TextForm) -> str:
    """Return LF text `text` written in `form`."""
    if form.crlf:
        text = text.replace("\n", "\r\n")
    if form.bom:
        text = BOM + text
    return text


def merged_form(base: str, ours: str, theirs: str) -> TextForm:
    """Merge the forms of three texts: a side that changed the base's form wins, the fork first."""
    base_form, our_form, their_form = detect_form(base), detect_form(ours), detect_form(theirs)
    bom = their_form.bom if our_form.bom == base_form.bom else our_form.bom
    crlf = their_form.crlf if our_form.crlf == base_form.crlf else our_form.crlf
    return TextForm(bom=bom, crlf=crlf)
