"""The one typeface of our documents: Liberation Serif 2 (Debian's ``fonts-liberation2``), metric-compatible
with Times New Roman, which Decree 30/2020 names.

Liberation 1.07 (Debian's ``fonts-liberation``) lacks most Vietnamese letters with two marks (Ộ, Ủ, Ĩ, Ỉ, Ợ…):
WeasyPrint then takes them from another family (DejaVu Serif, wider), and the national title wraps. The system
check (``coordination.checks``) refuses such a machine; the layout code measures text with the same font files
fontconfig hands to WeasyPrint, so a width computed here is the width printed.
"""

import shutil
import subprocess
import unicodedata
from functools import lru_cache

DOCUMENT_FONT = "Liberation Serif"
STYLES = {"regular": "", "bold": ":bold", "italic": ":italic", "bold italic": ":bold:italic"}


def vietnamese_letters() -> str:
    """Every letter Vietnamese writes: the 12 vowels with each of the five tones, đ, both cases (146
    letters)."""
    vowels = "aăâeêioôơuưy"
    tones = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
    lower = [unicodedata.normalize("NFC", v + t) for v in vowels for t in tones] + ["đ"]
    return "".join(lower) + "".join(c.upper() for c in lower)


VIETNAMESE_LETTERS = vietnamese_letters()


@lru_cache(maxsize=8)
def font_file(style: str = "regular") -> str:
    """The file fontconfig (and so WeasyPrint) uses for the document font in ``style``; "" when it has
    none."""
    fc_match = shutil.which("fc-match")
    if not fc_match:
        return ""
    result = subprocess.run(
        [fc_match, "-f", "%{family}\t%{file}", f"{DOCUMENT_FONT}{STYLES[style]}"],
        capture_output=True,
        text=True,
        check=False,
    )
    family, _, path = result.stdout.partition("\t")
    # fontconfig answers with its nearest font when the family is missing: that is no Liberation Serif.
    return path if DOCUMENT_FONT in family.split(",") else ""


@lru_cache(maxsize=8)
def _metrics(style: str):
    from fontTools.ttLib import TTFont

    font = TTFont(font_file(style), lazy=True)
    return font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm


def missing_letters(style: str = "regular") -> str:
    """The Vietnamese letters the document font lacks in ``style`` (all of them when it is not installed)."""
    if not font_file(style):
        return VIETNAMESE_LETTERS
    cmap, _, _ = _metrics(style)
    return "".join(c for c in VIETNAMESE_LETTERS if ord(c) not in cmap)


def text_width_mm(text: str, size_pt: float, style: str = "regular") -> float:
    """How wide ``text`` prints in the document font at ``size_pt`` (no kerning: a hair wider than
    printed)."""
    cmap, hmtx, units = _metrics(style)
    notdef = hmtx["space"][0] if "space" in hmtx.metrics else units // 2
    advance = sum(hmtx[cmap[ord(c)]][0] if ord(c) in cmap else notdef for c in text)
    return advance / units * size_pt * 25.4 / 72
