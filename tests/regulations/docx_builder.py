"""Word documents as people type them, written as WordprocessingML so a test says exactly what Word saved:
automatic numbering (numbering.xml, on the paragraph or through its style), heading styles, manual line
breaks, tables, footnotes, text boxes and tracked changes. The package opens in Word and LibreOffice."""

import io
import zipfile
from xml.sax.saxutils import escape

NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:v="urn:schemas-microsoft-com:vml" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"')


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def p(*runs: str, style: str = "", num: tuple[int, int] | None = None) -> str:
    """A paragraph; ``runs`` are strings (plain text) or ready XML (starting with "<")."""
    props = ""
    if style:
        props += f'<w:pStyle w:val="{style}"/>'
    if num:
        props += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    body = "".join(r if r.startswith("<") else run(r) for r in runs)
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{body}</w:p>"


def br() -> str:
    return "<w:r><w:br/></w:r>"


def inserted(text: str) -> str:
    return f'<w:ins w:id="1" w:author="Chuyên viên" w:date="2026-03-01T08:00:00Z">{run(text)}</w:ins>'


def deleted(text: str) -> str:
    return (f'<w:del w:id="2" w:author="Chuyên viên" w:date="2026-03-01T08:00:00Z"><w:r>'
            f'<w:delText xml:space="preserve">{escape(text)}</w:delText></w:r></w:del>')


def footnote_ref(note_id: int) -> str:
    return (f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
            f'<w:footnoteReference w:id="{note_id}"/></w:r>')


def text_box(*paragraphs: str) -> str:
    """A floating text box as Word 2010+ writes it (the DrawingML choice and its VML fallback)."""
    content = "".join(paragraphs)
    return (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData>'
        f'<wps:wsp><wps:txbx><w:txbxContent>{content}</w:txbxContent></wps:txbx></wps:wsp>'
        '</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
        f'<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{content}</w:txbxContent></v:textbox></v:shape></w:pict>'
        '</mc:Fallback></mc:AlternateContent></w:r>'
    )


def table(rows: list[list[str]]) -> str:
    cells = "".join(
        "<w:tr>"
        + "".join(f'<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr>{p(c)}</w:tc>' for c in row)
        + "</w:tr>"
        for row in rows
    )
    return f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>{cells}</w:tbl>'


def numbering(*lists: tuple[int, list[tuple[str, str]]]) -> str:
    """``(numId, [(numFmt, lvlText) per level])`` → numbering.xml; abstractNumId = numId."""
    abstract = "".join(
        f'<w:abstractNum w:abstractNumId="{num_id}">'
        + "".join(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText '
            f'w:val="{text}"/></w:lvl>'
            for level, (fmt, text) in enumerate(levels)
        )
        + "</w:abstractNum>"
        for num_id, levels in lists
    )
    nums = "".join(
        f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{num_id}"/></w:num>' for num_id, _ in lists
    )
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:numbering {NS}>{abstract}{nums}</w:numbering>')


def styles(*numbered: tuple[str, str, int, int]) -> str:
    """``(styleId, name, numId, ilvl)``: paragraph styles whose numbering comes from the style (heading
    styles)."""
    defs = "".join(
        f'<w:style w:type="paragraph" w:styleId="{sid}"><w:name w:val="{name}"/><w:basedOn w:val="Normal"/>'
        f'<w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr><w:outlineLvl '
        f'w:val="{ilvl}"/></w:pPr></w:style>'
        for sid, name, num_id, ilvl in numbered
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles {NS}>'
        f'<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name '
        f'w:val="Normal"/></w:style>{defs}</w:styles>'
    )


def footnotes(notes: dict[int, str]) -> str:
    body = "".join(f'<w:footnote w:id="{i}">{p(text)}</w:footnote>' for i, text in notes.items())
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {NS}>'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
            f'{body}</w:footnotes>')


def docx(body: list[str], *, numbering_xml: str = "", styles_xml: str = "", footnotes_xml: str = "") -> bytes:
    parts = {
        "word/document.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document '
                             f'{NS}><w:body>'
        + "".join(body)
        + "<w:sectPr/></w:body></w:document>"
    }
    overrides = [
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'wordprocessingml.document.main+xml"/>'
    ]
    rels = []
    for name, xml, kind in (("numbering", numbering_xml, "numbering"), ("styles", styles_xml, "styles"),
                            ("footnotes", footnotes_xml, "footnotes")):
        if xml:
            parts[f"word/{name}.xml"] = xml
            overrides.append(
                f'<Override PartName="/word/{name}.xml" ContentType="application/vnd.openxmlformats-'
                f'officedocument.wordprocessingml.{name}+xml"/>'
            )
            rels.append(f'<Relationship Id="r{name}" '
                        f'Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                        f'relationships/{kind}" Target="{name}.xml"/>')
    parts["[Content_Types].xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types '
        'xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        + "".join(overrides)
        + "</Types>"
    )
    parts["_rels/.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
        'xmlns="http://schemas.openxmlformats.'
        'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    parts["word/_rels/document.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
        'xmlns="http://schemas.openxmlformats.'
        'org/package/2006/relationships">' + "".join(rels) + "</Relationships>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in parts.items():
            archive.writestr(name, xml)
    return buffer.getvalue()
