"""Taking a denouncer's identity out of text everyone may read (Luật Tố cáo, Điều 47).

Pure functions on strings, so that a data migration can use them as well as the services. Every
identifying detail is found in every form a person writes it:

- words (a name, an address, a workplace) on the folded text (no diacritics, any case): "Pham Van To",
  "PHẠM VĂN TỐ" and "Phạm  Văn Tố" are one name; only whole words match, so a short secret does not
  eat into longer words;
- the given name after a form of address ("ông Tố", "chị Hà", "anh Thu Hà", "ong To"), written with
  its own diacritics or with none — "có tổ chức" is not "cô Tố";
- phone numbers with or without +84 / 84 / 0084 / 0 (and "(0)"), however the digits are grouped or
  separated ("+84 987 111 222", "84987111222", "0987.111.222");
- e-mail addresses in any case, also written "ten (at) mien (dot) vn";
- ID card numbers (CCCD 12 digits, CMND 9) and any other number of 9 digits or more, however grouped;
- each detail of a field that holds several ("0987 111 222; pvto@gmail.com", "… và …", "… hoặc …").
"""

import re
import unicodedata

from coordination.text import fold, to_nfc

PLACEHOLDER = "[đã che thông tin]"
# What may stand between the words (or the digits) of a secret in the text: spaces, dots, dashes, commas …
SEPARATOR = r"[\W_]{0,3}"
# Forms of address before a given name, as written with their diacritics or with none at all.
HONORIFICS = ("ông", "bà", "anh", "chị", "cô", "chú", "em")
# A field that holds several details: "0912 000 111; a@b.vn", "kế toán và thủ quỹ", one per line.
DETAIL_SPLIT = re.compile(r"[;,/\n]+|\s(?:và|va|hoặc|hoac)\s", re.IGNORECASE)
# A detail that is only the label of the next one ("ĐT:", "Email") identifies nobody.
LABELS = {"dt", "sdt", "so dt", "dien thoai", "so dien thoai", "di dong", "dtdd", "email", "e-mail", "mail",
          "thu dien tu", "zalo", "fax", "lien he", "cccd", "cmnd", "so cccd", "so cmnd"}
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
NUMBER = re.compile(r"\+?\d[\d\s.\-()]{6,}\d")


class GivenName(str):
    """The end of a full name ("Tố", "Thu Hà"), redacted only where it follows a form of address."""


def _details(field: str) -> list[str]:
    details = []
    for part in DETAIL_SPLIT.split(field or ""):
        part = part.strip(" :.-\t")
        if not fold(part) or fold(part) in LABELS:
            continue
        details.append(part)
        # "biển số 38A-123.45", "ĐT 0912…": the number is a detail without the words that introduce it.
        words = part.split()
        first_number = next((i for i, word in enumerate(words) if any(c.isdigit() for c in word)), 0)
        if first_number:
            details.append(" ".join(words[first_number:]))
    return details


def identifying_strings(
    *, full_name: str = "", address: str = "", contact: str = "", other_details: str = ""
) -> list[str]:
    """Each identifying detail on its own; ``contact`` and ``other_details`` may hold several each."""
    full_name, address = to_nfc(full_name).strip(), to_nfc(address).strip()
    details = [full_name, address, *_details(to_nfc(contact)), *_details(to_nfc(other_details))]
    words = full_name.split()
    given = [GivenName(" ".join(words[i:])) for i in range(1, len(words))]
    return [d for d in details if d and fold(d)] + given


def _folded_with_origin(text: str) -> tuple[str, list[int]]:
    """The text folded character by character, and for each folded character the index it came from."""
    folded, origin = [], []
    for index, char in enumerate(text):
        for out in " " if char.isspace() else fold(char):
            folded.append(out)
            origin.append(index)
    return "".join(folded), origin


def _word_pattern(secret: str) -> re.Pattern | None:
    words = re.findall(r"[^\W_]+", fold(secret))
    if not words:
        return None
    # Digits may be grouped any way in the text, so each digit stands alone; letters stay whole words.
    parts = [SEPARATOR.join(word) if word.isdigit() else re.escape(word) for word in words]
    return re.compile(r"(?<![^\W_])" + SEPARATOR.join(parts) + r"(?![^\W_])")


def _digits(digits: str) -> str:
    return SEPARATOR.join(digits)


# A country or trunk prefix before a national number: +84, (+84), 0084, 84, 84 (0), 0.
PHONE_PREFIX = rf"(?:[+(]{{0,2}}\s*(?:00)?84\)?{SEPARATOR}(?:\(?0\)?{SEPARATOR})?|0{SEPARATOR})?"


def _number_patterns(secret: str) -> list[re.Pattern]:
    """Each number of 9 digits or more in ``secret``: as written, and as a phone number with any prefix."""
    patterns = []
    for match in NUMBER.finditer(fold(secret)):
        digits = re.sub(r"\D", "", match.group())
        if len(digits) < 9:
            continue
        patterns.append(re.compile(rf"(?<!\d){_digits(digits)}(?!\d)"))
        national = digits
        if digits.startswith("0084"):
            national = digits[4:]
        elif digits.startswith("84") and len(digits) in (11, 12):
            national = digits[2:]
        elif digits.startswith("0") and len(digits) in (10, 11):
            national = digits[1:]
        if 8 <= len(national) <= 10:
            patterns.append(re.compile(rf"(?<![\d+]){PHONE_PREFIX}{_digits(national)}(?!\d)"))
    return patterns


def _email_patterns(secret: str) -> list[re.Pattern]:
    at = r"\s*(?:@|[(\[]\s*at\s*[)\]]|\sat\s)\s*"
    dot = r"\s*(?:\.|[(\[]\s*(?:dot|cham)\s*[)\]]|\s(?:dot|cham)\s)\s*"
    patterns = []
    for email in EMAIL.findall(fold(secret)):
        local, domain = email.split("@", 1)
        body = re.escape(local) + at + dot.join(re.escape(label) for label in domain.split("."))
        patterns.append(re.compile(rf"(?<![\w.+-]){body}(?![\w-])"))
    return patterns


def _given_name_pattern(given: str) -> re.Pattern:
    """A form of address, then the given name, each with its own diacritics or none (any case)."""
    honorifics = "|".join(
        sorted({re.escape(h) for h in HONORIFICS} | {re.escape(fold(h)) for h in HONORIFICS})
    )
    words = given.split()
    name = r"\s+".join(f"(?:{re.escape(w)}|{re.escape(fold(w))})" for w in words)
    return re.compile(rf"(?<![^\W_])(?:{honorifics})\s+({name})(?![^\W_])", re.IGNORECASE)


def _spans(text: str, secrets: list[str]) -> list[tuple[int, int]]:
    folded, origin = _folded_with_origin(text)
    spans = []

    def on_folded(pattern):
        spans.extend(
            (origin[m.start()], origin[m.end() - 1] + 1)
            for m in pattern.finditer(folded)
            if m.end() > m.start()
        )

    for secret in secrets:
        if isinstance(secret, GivenName):
            spans.extend(m.span(1) for m in _given_name_pattern(secret).finditer(text))
            continue
        for pattern in [_word_pattern(secret), *_number_patterns(secret), *_email_patterns(secret)]:
            if pattern is not None:
                on_folded(pattern)
    return spans


def redact(text: str, secrets: list[str]) -> str:
    """``text`` with every occurrence of each secret replaced by the placeholder."""
    text = to_nfc(text)
    if not text or not secrets:
        return text
    merged: list[list[int]] = []
    for start, end in sorted(_spans(text, secrets)):
        while end < len(text) and unicodedata.category(text[end]) == "Mn":
            end += 1  # a mark that did not compose belongs to the letter before it
        # Overlapping matches, or two details side by side with only spaces between, become one placeholder.
        if merged and (start <= merged[-1][1] or not text[merged[-1][1]:start].strip()):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    for start, end in reversed(merged):
        text = text[:start] + PLACEHOLDER + text[end:]
    return text
