"""Vietnamese administrative-document conventions shared by every PDF and DOCX we produce."""

from datetime import date


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
