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


# How a document names a unit's level after a body's name: "UBND tỉnh", "Thường trực HĐND xã".
LEVEL_WORDS = {"province": "tỉnh", "district": "huyện", "commune": "xã", "ward": "phường", "special_zone": "đặc khu"}


def level_word(unit) -> str:
    if unit.name.startswith("Thành phố "):  # a centrally-run city is at province level but is no "tỉnh"
        return "thành phố"
    return LEVEL_WORDS.get(unit.level.code, "")


def docx_page_numbers(section) -> None:
    """Page number centred at the top from page 2 (Decree 30, as the PDF): a PAGE field Word fills in."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    section.different_first_page_header_footer = True  # the first page keeps its own, empty header
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    begin, code, end = OxmlElement("w:fldChar"), OxmlElement("w:instrText"), OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    code.set(qn("xml:space"), "preserve")
    code.text = " PAGE "
    end.set(qn("w:fldCharType"), "end")
    run._r.extend([begin, code, end])


def docx_signatures(document, signatures: list[dict]) -> None:
    """One column per signer: "TM. …" over the position, room to sign, then the name (the PDF's ``signatures``)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    table = document.add_table(rows=1, cols=len(signatures))
    for cell, signature in zip(table.rows[0].cells, signatures, strict=True):
        cell.paragraphs[0].add_run(signature["on_behalf"]).bold = True
        cell.add_paragraph().add_run(signature["position"]).bold = True
        cell.add_paragraph("\n\n")
        cell.add_paragraph().add_run(signature["name"]).bold = True
        for p in cell.paragraphs:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
