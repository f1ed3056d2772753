"""Reading files: the text of an uploaded file, decoded and normalised (NFC, LF, no invisible characters)."""

from __future__ import annotations

import unicodedata

from django.utils.translation import gettext as _

from coordination.text import to_nfc
from regulations.sources import SourceError, read_bytes

from .outline import RegulationParseError


def read_source(*, data: bytes, filename: str = "") -> str:
    """The text of an uploaded file (.docx, or .txt in any encoding ``regulations.sources`` detects); NFC, LF.

    The encoding found is kept on the returned text (``text.encoding``, ``text.notes``) for the preview."""
    try:
        source = read_bytes(data=data, filename=filename)
    except SourceError as exc:
        raise RegulationParseError(str(exc)) from None
    if "\x00" in source.text:
        raise RegulationParseError(_("Không đọc được tệp: có ký tự nhị phân, không phải văn bản."))
    return SourceText(normalise_text(source.text), encoding=source.encoding, notes=source.notes)


class SourceText(str):
    """Text read from a file, remembering how it was decoded."""

    def __new__(cls, value: str, *, encoding: str = "", notes: list[str] | None = None):
        text = super().__new__(cls, value)
        text.encoding = encoding
        text.notes = list(notes or [])
        return text


_INVISIBLE = {code: None for code in range(0x10000)
              if chr(code) not in "\n\t" and unicodedata.category(chr(code)) in ("Cc", "Cf")}


def normalise_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\v", "\n")
    text = text.replace("\u00a0", " ").replace("\u2028", "\n").replace("\u2029", "\n")
    return to_nfc(text.translate(_INVISIBLE))
