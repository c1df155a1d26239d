"""Line endings, byte-order mark and final newline of a text, split off so merges see plain LF lines.

A text whose lines mix endings keeps them, so each of its lines is merged with its own ending.
"""

from __future__ import annotations

from dataclasses import dataclass

BOM = "\ufeff"


@dataclass(frozen=True)
class TextForm:
    """The storage form of a text's lines: its byte-order mark and its line ending.

    `mixed` marks a text whose lines do not share one ending (CRLF beside LF, or a
    lone CR). Such a text is merged with each line's own ending, so `crlf` is unused.
    """

    bom: bool
    crlf: bool
    mixed: bool = False


def detect_form(text: str) -> TextForm:
    """Return the form of `text`: CRLF when all its line endings are CRLF, mixed when they differ."""
    crlf_count = text.count("\r\n")
    lf_count = text.count("\n") - crlf_count
    lone_cr = text.count("\r") > crlf_count
    mixed = lone_cr or (crlf_count > 0 and lf_count > 0)
    return TextForm(bom=text.startswith(BOM), crlf=crlf_count > lf_count, mixed=mixed)


def normalize(text: str, form: TextForm | None = None) -> str:
    """Return `text` without a byte-order mark, and with LF line endings unless `form` is mixed."""
    if text.startswith(BOM):
        text = text[len(BOM):]
    if form is not None and form.mixed:
        return text
    return text.replace("\r\n", "\n")


def restore(text: str, form: TextForm) -> str:
    """Return `text`, as `normalize` left it for `form`, written back in `form`."""
    if form.crlf and not form.mixed:
        text = text.replace("\n", "\r\n")
    if form.bom:
        text = BOM + text
    return text


def merged_form(base: str, ours: str, theirs: str) -> TextForm:
    """Merge the forms of three texts: a side that changed the base's form wins, the fork first.

    When any of the three mixes line endings, the result is mixed: every line keeps
    the ending it has, because converting would rewrite lines neither side changed.
    """
    base_form, our_form, their_form = detect_form(base), detect_form(ours), detect_form(theirs)
    bom = their_form.bom if our_form.bom == base_form.bom else our_form.bom
    crlf = their_form.crlf if our_form.crlf == base_form.crlf else our_form.crlf
    # NOTE: a side that converts a mixed file to one ending changes every converted
    # line, so such a merge conflicts wherever the other side changed a line too.
    mixed = base_form.mixed or our_form.mixed or their_form.mixed
    return TextForm(bom=bom, crlf=crlf, mixed=mixed)
