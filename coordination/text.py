"""Vietnamese text as it arrives from Word: normalise to NFC, and fold for diacritic-free search."""

import unicodedata


def to_nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


def fold(text: str) -> str:
    """Lowercase without diacritics: "Kiến nghị ĐẤT ĐAI" -> "kien nghi dat dai" (đ folds to d)."""
    decomposed = unicodedata.normalize("NFD", (text or "").replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())
