"""How a document writes places, dates, a unit's level and numbers, the Vietnamese way."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal


def place_and_date(place: str, day: date) -> str:
    """"Hòa Phong, ngày 06 tháng 5 năm 2026": leading zero for days < 10 and for months 1 and 2."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def place_name(unit_name: str) -> str:
    """The place as written on documents: "Tỉnh Hòa Phong" -> "Hòa Phong"."""
    for prefix in ("Thành phố ", "Tỉnh ", "Xã ", "Phường ", "Đặc khu "):
        if unit_name.startswith(prefix):
            return unit_name.removeprefix(prefix)
    return unit_name


# How a document names a unit's level after a body's name: "UBND tỉnh", "Thường trực HĐND xã".
LEVEL_WORDS = {
    "province": "tỉnh",
    "district": "huyện",
    "commune": "xã",
    "ward": "phường",
    "special_zone": "đặc khu",
}


def level_word(unit) -> str:
    if unit.name.startswith("Thành phố "):  # a centrally-run city is at province level but is no "tỉnh"
        return "thành phố"
    return LEVEL_WORDS.get(unit.level.code, "")


# --- Numbers the Vietnamese way: 1.234 and 45,3 % (TCVN: comma for decimals, dot between thousands)
# ----------

NBSP = "\u00a0"


def vn_number(value, decimals: int | None = None) -> str:
    """1234 -> "1.234"; 65.25 -> "65,3" (one decimal unless ``decimals`` says otherwise); None -> "—"."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(value)
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def vn_percent(value, decimals: int | None = None) -> str:
    """45.3 -> "45,3 %" (a no-break space before the sign, so the sign never starts a line); None -> "—"."""
    return "—" if value is None or value == "" else f"{vn_number(value, decimals)}{NBSP}%"


def vn_share(part, whole, decimals: int | None = None) -> str:
    """15 of 23 -> "65,2 % (15/23)": a rate says what it is out of, so 1 of 1 (100 %) is not read as better
    than 15 of 23; out of nothing -> "—"."""
    if not whole or part is None:
        return "—"
    return f"{vn_percent(100 * part / whole, decimals)}{NBSP}({vn_number(part)}/{vn_number(whole)})"


def keep_words(text: str) -> str:
    """A table cell's text that never leaves one word alone on its line: its words are bound two by two with
    no-break spaces (three in the last group of an odd count), so a line break falls only between pairs. ("Tỷ
    lệ đúng hạn" may break as "Tỷ lệ / đúng hạn", never "Tỷ / lệ đúng hạn".) A word with a hyphen, "KT-NS", is
    kept whole by the template filter and ``docx_table`` (the font has no no-break hyphen). Tables are laid
    out by content (``column_widths``, WeasyPrint's auto layout), so a column is never narrower than its
    widest pair."""
    words = str(text).split()
    if len(words) <= 3:
        return NBSP.join(words)
    groups = [words[i:i + 2] for i in range(0, len(words), 2)]
    if len(groups[-1]) == 1:
        groups[-2:] = [groups[-2] + groups[-1]]
    return " ".join(NBSP.join(g) for g in groups)
