"""DOCX (python-docx): the same layout for officers who edit before signing."""

import re

from .layout import (
    ISSUER_PT,
    MOTTO,
    MOTTO_PT,
    NATION,
    NATION_PT,
    PLACE_DATE_PT,
    TEXT_WIDTH_MM,
    document_closing,
)
from .writing import keep_words

DOCX_FONT = (
    "Times New Roman"  # what an office's Word has; LibreOffice and fontconfig map it to Liberation Serif
)


def _mm(value):
    from docx.shared import Mm

    return Mm(value)


def docx_setup(document) -> None:
    """A4 portrait, margins 20/15/20/30 mm, 13 pt, 6 pt after each paragraph, page numbers from page 2."""
    from docx.shared import Pt

    section = document.sections[0]
    section.page_width, section.page_height = _mm(210), _mm(297)
    section.top_margin, section.bottom_margin = _mm(20), _mm(20)
    section.left_margin, section.right_margin = _mm(30), _mm(15)
    section.header_distance = _mm(10)
    style = document.styles["Normal"]
    style.font.name, style.font.size = DOCX_FONT, Pt(13)
    style.paragraph_format.space_after = Pt(6)
    style.paragraph_format.space_before = Pt(0)
    style.paragraph_format.line_spacing = 1.15
    docx_page_numbers(section)


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


def docx_fixed_table(document, widths_mm: list[float], *, rows: int = 1, grid: bool = False):
    """A table exactly as wide as the text, in fixed columns (Word and LibreOffice both keep them)."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    table = document.add_table(rows=rows, cols=len(widths_mm))
    if grid:
        table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    properties = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    properties.append(layout)
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(round(sum(widths_mm) / 25.4 * 1440)))
    width.set(qn("w:type"), "dxa")
    for old in properties.findall(qn("w:tblW")):
        properties.remove(old)
    properties.append(width)
    for column, mm in zip(table.columns, widths_mm, strict=True):
        column.width = _mm(mm)
    for row in table.rows:
        for cell, mm in zip(row.cells, widths_mm, strict=True):
            cell.width = _mm(mm)
    return table


def _docx_cell_lines(cell, lines, *, size, bold=False, italic=False, first=True):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.bold, run.italic, run.font.size = bold, italic, Pt(size)
        if index < len(lines) - 1:
            run.add_break()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = 1.0
    paragraph.paragraph_format.first_line_indent = 0
    return paragraph


def _docx_rule(cell, width_mm: float, column_mm: float):
    """A short centred rule: an empty 2 pt paragraph with a bottom border, indented to ``width_mm``."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    paragraph = cell.add_paragraph()
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = _mm(
        (column_mm - width_mm) / 2
    )
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = 1.0
    properties = paragraph._p.get_or_add_pPr()
    border, bottom = OxmlElement("w:pBdr"), OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    border.append(bottom)
    properties.append(border)
    mark, size = OxmlElement("w:rPr"), OxmlElement("w:sz")
    size.set(qn("w:val"), "4")
    mark.append(size)
    properties.append(mark)
    return paragraph


def docx_header(document, header: dict) -> None:
    """The two-column header of ``document_header``: issuers, rule and number left; national title, motto and
    place and date right."""
    left_mm, right_mm = header["header_left_mm"], header["header_right_mm"]
    table = docx_fixed_table(document, [left_mm, right_mm])
    _docx_cell_margins_zero(table)
    left, right = table.rows[0].cells
    first = True
    if header.get("issuer_parent"):
        _docx_cell_lines(left, [header["issuer_parent"]], size=ISSUER_PT)
        first = False
    for lines in header["issuers"]:
        _docx_cell_lines(left, lines, size=ISSUER_PT, bold=True, first=first)
        first = False
    _docx_rule(left, left_mm * 0.3, left_mm)
    if header.get("number"):
        text = f"Số: {header['number']}"
        paragraph = _docx_cell_lines(left, [text], size=header["number_size"], first=False)
        paragraph.paragraph_format.space_before = _pt(8)
        if (
            header["number_mm"] > left_mm
        ):  # as in the PDF: a long symbol also uses the blank beside the place and date
            paragraph.paragraph_format.right_indent = _mm(left_mm - header["number_mm"] - 1)
    _docx_cell_lines(right, [NATION], size=NATION_PT, bold=True)
    motto = _docx_cell_lines(right, [MOTTO], size=MOTTO_PT, bold=True, first=False)
    motto.runs[0].underline = True  # Decree 30: a rule under the motto as long as the motto
    if header.get("place_date"):
        _docx_cell_lines(right, [header["place_date"]], size=PLACE_DATE_PT, italic=True, first=False
                         ).paragraph_format.space_before = _pt(8)


def _pt(value):
    from docx.shared import Pt

    return Pt(value)


def _docx_cell_margins_zero(table):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), "0")
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.append(margins)


def docx_title(document, title: str, subject: str = "") -> None:
    """The document's kind (14 pt bold upper case), its subject (14 pt bold) and a short rule under them."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    for index, text in enumerate(t for t in (title.upper(), subject) if t):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = _pt(18 if index == 0 else 0)
        paragraph.paragraph_format.space_after = _pt(0)
        run = paragraph.add_run(text)
        run.bold, run.font.size = True, _pt(14)
    rule = document.add_paragraph()
    rule.paragraph_format.left_indent = rule.paragraph_format.right_indent = _mm(TEXT_WIDTH_MM * 0.35)
    rule.paragraph_format.space_after = _pt(12)
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    border, bottom = OxmlElement("w:pBdr"), OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    border.append(bottom)
    rule._p.get_or_add_pPr().append(border)


def docx_paragraph(document, text: str, *, bold=False, italic=False, center=False, indent=True, size=None):
    """A body paragraph: justified, 10 mm first-line indent, 6 pt after (Decree 30)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = _pt(size)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.JUSTIFY
    if indent and not center:
        paragraph.paragraph_format.first_line_indent = _mm(10)
    return paragraph


def column_widths(headers: list[str], rows: list[list], weights: list[float], *, size_pt: float = 12,
                  padding_mm: float = 4.0) -> list[float]:
    """Fixed column widths (mm, summing to the text width) in which no word is cut: each column gets at least
    its widest unbreakable piece (a word, or the words ``keep_words`` binds), the rest is shared by
    ``weights``."""
    from coordination.fonts import text_width_mm

    def widest(value, style):
        pieces = re.split(r" +", keep_words(value)) if value not in (None, "") else [""]
        return max(text_width_mm(piece, size_pt, style) for piece in pieces) + padding_mm

    minimum = [widest(h, "bold") for h in headers]
    for row in rows:
        minimum = [max(m, widest(v, "regular")) for m, v in zip(minimum, row, strict=True)]
    total = sum(weights)
    widths = [max(m, TEXT_WIDTH_MM * w / total) for m, w in zip(minimum, weights, strict=True)]
    while sum(widths) > TEXT_WIDTH_MM + 0.01:  # take the excess from the columns above their minimum
        spare = [w - m for w, m in zip(widths, minimum, strict=True)]
        if sum(spare) <= 0.01:
            break
        excess = sum(widths) - TEXT_WIDTH_MM
        widths = [w - excess * sp / sum(spare) for w, sp in zip(widths, spare, strict=True)]
    return [w * TEXT_WIDTH_MM / sum(widths) for w in widths]


def docx_table(
    document, headers: list[str], rows: list[list], weights: list[float], *, numeric: set[int] = frozenset()
):
    """A data table at full width in fixed columns, 12 pt; words kept whole (``keep_words``), numbers
    right."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    widths = column_widths(headers, rows, weights)
    table = docx_fixed_table(document, widths, rows=1 + len(rows), grid=True)
    for r, values in enumerate([headers, *rows]):
        for c, (cell, value) in enumerate(zip(table.rows[r].cells, values, strict=True)):
            paragraph = cell.paragraphs[0]
            for run in docx_runs_keeping_hyphens(
                paragraph, keep_words(value) if value not in (None, "") else ""
            ):
                run.font.size = _pt(12)
                run.bold = r == 0
            paragraph.paragraph_format.space_after = _pt(0)
            paragraph.paragraph_format.line_spacing = 1.0
            paragraph.paragraph_format.first_line_indent = 0
            paragraph.alignment = (WD_ALIGN_PARAGRAPH.CENTER if r == 0 else
                                   WD_ALIGN_PARAGRAPH.RIGHT if c in numeric else WD_ALIGN_PARAGRAPH.LEFT)
    if len(rows) > 0:
        _docx_repeat_header(table.rows[0])
    document.add_paragraph().paragraph_format.space_after = _pt(0)
    return table


def _docx_repeat_header(row) -> None:
    from docx.oxml import OxmlElement

    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def docx_runs_keeping_hyphens(paragraph, text: str) -> list:
    """Runs of ``text`` where each hyphen inside a word is Word's no-break hyphen: "Ban KT-NS" never ends a
    line at "KT-"."""
    from docx.oxml import OxmlElement

    runs = []
    for index, piece in enumerate(re.split(r"(?<=\w)-(?=\w)", text)):
        if index:
            hyphen = paragraph.add_run()
            hyphen._r.append(OxmlElement("w:noBreakHyphen"))
            runs.append(hyphen)
        runs.append(paragraph.add_run(piece))
    return runs


def _docx_signature_head(cell, signature: dict) -> None:
    _docx_cell_lines(
        cell,
        [signature["on_behalf"]] if signature.get("on_behalf") else [signature["position"]],
        size=13,
        bold=True,
    )
    if signature.get("on_behalf"):
        _docx_cell_lines(cell, [signature["position"]], size=13, bold=True, first=False)


def _docx_recipients(cell, recipients: list[str]) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    label = _docx_cell_lines(cell, ["Nơi nhận:"], size=12, bold=True, italic=True)
    label.alignment = WD_ALIGN_PARAGRAPH.LEFT
    for index, recipient in enumerate(recipients):
        end = "." if index == len(recipients) - 1 else ";"
        _docx_cell_lines(
            cell, [f"- {recipient}{end}"], size=11, first=False
        ).alignment = WD_ALIGN_PARAGRAPH.LEFT


def docx_signatures(document, signatures: list[dict], recipients: list[str] | None = None) -> None:
    """The closing as in the PDF: signature blocks two a row (the lead party right), "Nơi nhận:" bottom
    left."""
    recipients = recipients or []
    closing = document_closing(signatures, recipients)
    rows = closing["signature_rows"]
    extra = 1 if recipients and not closing["recipients_placed"] else 0
    if not rows and not extra:
        return
    # Each pair of signers is three rows (heading, room to sign, name), so both names stand on one line.
    table = docx_fixed_table(document, [TEXT_WIDTH_MM / 2, TEXT_WIDTH_MM / 2], rows=3 * len(rows) + extra)
    for index, (left, right) in enumerate(rows):
        head, space, name = table.rows[3 * index: 3 * index + 3]
        space.height = _mm(26)
        for column, signature in ((0, left), (1, right)):
            if signature:
                _docx_signature_head(head.cells[column], signature)
                _docx_cell_lines(name.cells[column], [signature.get("name") or ""], size=14, bold=True)
        if not left and index == len(rows) - 1 and recipients:
            cell = head.cells[0].merge(name.cells[0])
            _docx_recipients(cell, recipients)
    if extra:
        _docx_recipients(table.rows[-1].cells[0], recipients)
