"""The layout of Decree 30/2020 (Phụ lục I): the header, issuers left and national title right in measured
columns; the signature blocks; who signs."""

from .writing import NBSP, level_word, place_name

TEXT_WIDTH_MM = 165.0  # A4 (210 mm) less the 30 mm left and 15 mm right margins
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
NATION_PT, MOTTO_PT, ISSUER_PT, NUMBER_PT, MIN_NUMBER_PT, PLACE_DATE_PT = 12.0, 13.0, 12.0, 13.0, 9.0, 13.0
COLUMN_GAP_MM = 3.0

# How a body is named in a header: the usual abbreviations of Vietnamese documents, then its unit.
HEADER_ABBREVIATIONS = (
    ("Đoàn đại biểu Quốc hội", "Đoàn ĐBQH"),
    ("Thường trực Hội đồng nhân dân", "Thường trực HĐND"),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam", "UBMTTQ Việt Nam"),
    ("Ủy ban Mặt trận Tổ quốc", "UBMTTQ Việt Nam"),
)


def header_name(body) -> str:
    """ "Thường trực Hội đồng nhân dân tỉnh Hòa Phong" -> "THƯỜNG TRỰC HĐND TỈNH HÒA PHONG" (the unit is
    always named)."""
    name = body.name
    for long, short in HEADER_ABBREVIATIONS:
        name = name.replace(long, short)
    place = place_name(body.unit.name)
    if place not in name:
        word = level_word(body.unit)
        name = (
            f"{name} {place}"
            if word and name.rstrip().endswith(f" {word}")
            else f"{name} {level_word(body.unit)} {place}"
        )
    return " ".join(name.split()).upper()


def issuer_lines(
    name: str, width_mm: float, size_pt: float = ISSUER_PT, *, unit_break: bool = True
) -> list[str]:
    """An issuer's name in lines that fit ``width_mm``, broken before its unit ("THƯỜNG TRỰC HĐND / TỈNH HÒA
    PHONG")."""
    from coordination.fonts import text_width_mm

    def fits(line):
        return text_width_mm(line, size_pt, "bold") <= width_mm

    if fits(name):
        return [name]
    words = name.split()
    for level in UNIT_WORDS if unit_break else ():
        at = f" {level} "
        if at in f" {name} ":
            head, _, tail = f" {name} ".rpartition(at)
            head, tail = head.strip(), f"{level} {tail.strip()}".strip()
            if head and fits(head) and fits(tail):
                return [head, tail]
    lines, line = [], ""
    for word in words:  # no unit to break before: plain greedy wrapping
        candidate = f"{line} {word}".strip()
        if line and not fits(candidate):
            lines.append(line)
            candidate = word
        line = candidate
    return [*lines, line]


UNIT_WORDS = ("TỈNH", "THÀNH PHỐ", "HUYỆN", "QUẬN", "THỊ XÃ", "XÃ", "PHƯỜNG", "ĐẶC KHU")


def _unit_suffix(name: str) -> str:
    """"THƯỜNG TRỰC HĐND TỈNH HÒA PHONG" -> "TỈNH HÒA PHONG" (the last unit word and what follows), or ""."""
    padded = f" {name} "
    best = max((padded.rfind(f" {w} ") for w in UNIT_WORDS), default=-1)
    return padded[best:].strip() if best >= 0 else ""


def stacked_issuers(issuers: list[str], width_mm: float) -> list[list[str]]:
    """The issuers as the header prints them, each a list of lines. A joint document of one unit's bodies
    names each body on its own line and the unit once under them (ĐOÀN ĐBQH / THƯỜNG TRỰC HĐND / … / TỈNH HÒA
    PHONG)."""
    if len(issuers) >= 2:
        suffix = _unit_suffix(issuers[0])
        if suffix and all(i.endswith(f" {suffix}") for i in issuers):
            bodies = [i.removesuffix(f" {suffix}").strip() for i in issuers]
            return [issuer_lines(b, width_mm, unit_break=False) for b in bodies] + [[suffix]]
    return [issuer_lines(i, width_mm) for i in issuers]


def document_header(*, issuers: list[str], parent: str = "", number: str = "", place_date: str = "") -> dict:
    """The context ``templates/pdf/base.html`` and ``docx_header`` print: column widths (about 40 % / 60 %),
    each issuer in lines, and the size at which "Số: …" stays on one line with its symbol whole."""
    from coordination.fonts import text_width_mm

    nation_mm = text_width_mm(NATION, NATION_PT, "bold") + 2
    left_mm = TEXT_WIDTH_MM * 0.40
    number_text = f"Số: {number}" if number else ""
    number_pt, number_mm = NUMBER_PT, 0.0
    if number_text:
        needed = text_width_mm(number_text, NUMBER_PT) + 2
        if needed > left_mm:  # give the left column what the national title can spare
            left_mm = min(needed, TEXT_WIDTH_MM - nation_mm - COLUMN_GAP_MM)
        # A long joint symbol may also use the blank beside the centred place and date, on the same line.
        beside = (
            TEXT_WIDTH_MM - left_mm - text_width_mm(place_date, PLACE_DATE_PT, "italic")
        ) / 2 - COLUMN_GAP_MM
        room = left_mm + max(0.0, beside)
        while number_pt > MIN_NUMBER_PT and text_width_mm(number_text, number_pt) + 2 > room:
            number_pt -= 0.5
        number_mm = max(left_mm, text_width_mm(number_text, number_pt) + 2)
    right_mm = TEXT_WIDTH_MM - left_mm
    return {
        "issuers": stacked_issuers(issuers, left_mm - 2),
        "issuer_parent": parent.upper(),
        "number": number.replace(" ", NBSP),
        "number_size": number_pt,
        "number_mm": round(number_mm, 1),
        "header_left_mm": round(left_mm, 1),
        "header_right_mm": round(right_mm, 1),
        "place_date": place_date,
    }


def signature_rows(signatures: list[dict]) -> list[tuple[dict | None, dict | None]]:
    """Signature blocks two a row. Decree 30: a single signer signs on the right (with "Nơi nhận:" on its
    left); in a joint document the lead party (the first) signs on the right and the party after it on the
    left."""
    rows = []
    for index in range(0, len(signatures), 2):
        pair = signatures[index:index + 2]
        rows.append((pair[1], pair[0]) if len(pair) == 2 else (None, pair[0]))
    return rows


def document_closing(signatures: list[dict], recipients: list[str]) -> dict:
    """Where ``templates/pdf/base.html`` puts the signature blocks and "Nơi nhận:" (beside the last lone
    signer)."""
    signatures = [{**s, "slot": s.get("slot", index)} for index, s in enumerate(signatures)]
    rows = signature_rows(signatures)
    return {"signature_rows": rows, "recipients_placed": bool(recipients and rows and rows[-1][0] is None)}


def standing_and_chair(unit):
    """The unit's Council Standing Committee and its chair (the signer of its documents), each None when
    unknown."""
    from coordination.models import Body, BodyKind, Position

    standing = (
        Body.objects.filter(unit=unit, kind=BodyKind.COUNCIL_STANDING, active_to__isnull=True)
        .select_related("unit")
        .first()
    )
    chair = (
        Position.objects.filter(body=standing, is_head=True, ends_on__isnull=True)
        .select_related("person")
        .first()
        if standing
        else None
    )
    return standing, chair


def signing_parties(signatures: list[dict], slots: list[dict]) -> list[dict]:
    """Who signs the rendered document, in turn, and where (``coordination.pdf.render_pdf_with_slots``'s
    slots): each signature block of a body that can sign digitally (its context names ``body_id``)."""
    where = {s["slot"]: s for s in slots}
    parties = []
    for index, signature in enumerate(signatures):
        if signature.get("body_id") and index in where:
            label = " ".join(filter(None, [signature.get("on_behalf"), signature.get("position")]))
            parties.append({"slot": index, "body_id": signature["body_id"], "label": label,
                            "page": where[index]["page"], "box": where[index]["box"]})
    return parties
