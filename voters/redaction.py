"""Taking a denouncer's identity out of text everyone may read (Luật Tố cáo, Điều 47).

Pure functions on strings, so that a data migration can use them as well as the services. Matches are
found on the folded text (no diacritics, any case): "Pham Van To", "PHẠM VĂN TỐ" and "Phạm  Văn Tố" are
one name; a phone number is found whatever separates its digits ("0912 000 111", "0912.000.111",
"0912000111"). Only whole words match, so a short secret does not eat into longer words.
"""

import re
import unicodedata

from coordination.text import fold, to_nfc

PLACEHOLDER = "[đã che thông tin]"
# What may stand between the words (or the digits) of a secret in the text: spaces, dots, dashes, commas …
SEPARATOR = r"[\W_]{0,3}"


def identifying_strings(*, full_name: str = "", address: str = "", contact: str = "", other_details: str = "") -> list[str]:
    """Each identifying detail on its own; ``other_details`` holds one detail per line or per ";"."""
    details = [full_name, address, contact, *re.split(r"[\n;]", other_details or "")]
    return [d.strip() for d in details if d and fold(d)]


def _folded_with_origin(text: str) -> tuple[str, list[int]]:
    """The text folded character by character, and for each folded character the index it came from."""
    folded, origin = [], []
    for index, char in enumerate(text):
        for out in " " if char.isspace() else fold(char):
            folded.append(out)
            origin.append(index)
    return "".join(folded), origin


def _pattern(secret: str) -> re.Pattern | None:
    words = re.findall(r"[^\W_]+", fold(secret))
    if not words:
        return None
    # Digits may be grouped any way in the text, so each digit stands alone; letters stay whole words.
    parts = [SEPARATOR.join(word) if word.isdigit() else re.escape(word) for word in words]
    return re.compile(r"(?<![^\W_])" + SEPARATOR.join(parts) + r"(?![^\W_])")


def redact(text: str, secrets: list[str]) -> str:
    """``text`` with every occurrence of each secret replaced by the placeholder."""
    text = to_nfc(text)
    if not text or not secrets:
        return text
    folded, origin = _folded_with_origin(text)
    spans = []
    for secret in secrets:
        pattern = _pattern(secret)
        if pattern is not None:
            spans += [(origin[m.start()], origin[m.end() - 1] + 1) for m in pattern.finditer(folded) if m.end() > m.start()]
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        while end < len(text) and unicodedata.category(text[end]) == "Mn":
            end += 1  # a mark that did not compose belongs to the letter before it
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    for start, end in reversed(merged):
        text = text[:start] + PLACEHOLDER + text[end:]
    return text
