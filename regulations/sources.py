"""Turning an uploaded file into text: encodings, legacy Vietnamese fonts, and Word's own structure.

Plain text arrives as UTF-8 (with or without BOM), UTF-16 (LE or BE, with or without BOM), Windows-1258
(the Vietnamese code page, which writes tones as combining marks) or TCVN3/ABC (the 8-bit encoding of
the old .VnTime fonts, still in provincial archives). Each is detected, converted and named in a note;
VNI and anything else that does not read as Vietnamese is refused with a message naming what it looks
like, so mojibake is never saved. UTF-8 that was once read as Windows-1252 and saved again ("Äiá»u")
is repaired.

A .docx is read from its XML, not through python-docx's paragraph text, so that what Word shows is
what we read: automatic numbering (numbering.xml, the paragraph's or its style's; letter lists in the
Vietnamese alphabet), manual line breaks, tables (kept as "| a | b |" rows inside the provision, or
flattened when they only lay out the header or the signatures), footnotes (a "[1]" mark and the note
below its paragraph), text boxes, and tracked changes as accepted (insertions kept, deletions dropped).
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

VIETNAMESE_LETTERS = [
    "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u",
    "v", "x", "y",
]


class SourceError(ValueError):
    """A file we will not read (wrong kind, unknown encoding); the message names what it is."""


@dataclass
class Source:
    text: str
    encoding: str = "UTF-8"
    notes: list[str] = field(default_factory=list)


# --- Encodings -------------------------------------------------------------------------------------

# TCVN3 (TCVN 5712:1993, "ABC", the .VnTime fonts): lowercase letters with tones and the seven
# uppercase letters of their own, as the Windows-1252 characters their bytes display as.
_TCVN3 = dict(zip(
    "µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏÑªÒÕÓÔÖ×ÝØÜÞßãáâä«åèæçé¬êíëìîïóñòô\xadõøö÷ùúýûüþ¡¢§£¤¥¦",
    "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĂÂĐÊÔƠƯ",
    strict=True,
))
_TCVN3_TABLE = str.maketrans(_TCVN3)

# Common syllables of administrative Vietnamese: a decoding that yields many of them is the right one.
_COMMON = {
    "của", "và", "các", "được", "có", "trong", "theo", "người", "không", "này", "với", "cho", "đến",
    "những", "một", "là", "ngày", "năm", "điều", "quy", "chế", "hội", "đồng", "nhân", "dân", "ban",
    "thường", "trực", "phối", "hợp", "tỉnh", "xã", "ủy", "thực", "hiện", "về", "việc", "tổ", "chức",
    "làm", "định", "trách", "nhiệm", "báo", "cáo", "kỳ", "họp", "khoản", "điểm", "chương", "văn", "bản",
    "cơ", "quan", "thời", "hạn", "kể", "từ", "sau", "trước", "chậm", "nhất", "tháng", "gửi", "đại",
    "biểu", "quốc", "mặt", "trận", "giám", "sát", "cử", "tri", "kiến", "nghị", "chủ", "tịch", "phó",
    "tại", "hoặc", "bằng", "đối", "nội", "dung", "công", "tác", "số", "lần",
}
_WORD_RE = re.compile(r"\w+")


def vietnamese_score(text: str) -> float:
    """The share of words that are common Vietnamese syllables (0 for gibberish, ~0.3 for a regulation)."""
    words = _WORD_RE.findall(unicodedata.normalize("NFC", text[:20000]).lower())
    if not words:
        return 0.0
    return sum(1 for w in words if w in _COMMON) / len(words)


def _cp1252_bytes(text: str) -> bytes | None:
    """The bytes a Windows-1252 reading turned into ``text`` (undefined bytes came through as
    U+0080–U+009F)."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) < 256:
                out.append(ord(ch))
            else:
                return None
    return bytes(out)


def _looks_vni(text: str) -> bool:
    # VNI writes đ as "ñ" and a vowel followed by its tone: "Ñieàu" (Điều), "quy cheá" (quy chế), "ñònh"
    # (định).
    sample = text[:20000]
    d_count = sample.count("ñ") + sample.count("Ñ")
    pairs = len(re.findall(r"[aeiouyAEIOUY][øùûõïâêôàáåäã]", sample))
    return d_count >= 2 and pairs > max(5, len(sample) // 200)


def tcvn3_to_unicode(text: str) -> str:
    return text.translate(_TCVN3_TABLE)


_VNI_REFUSED = gettext_lazy("Văn bản dùng bảng mã VNI (phông VNI-Times), chưa đọc được. Hãy chuyển sang "
                            "Unicode "
                "(Unikey: Công cụ chuyển mã, bảng mã nguồn VNI Windows, đích Unicode) rồi nhập lại.")


def repair_text(text: str, *, encoding: str = "UTF-8") -> Source:
    """Text that is already characters but in a legacy form: TCVN3 glyph codes (a .VnTime document copied or
    saved as text), or UTF-8 read once as Windows-1252. Converted when the result reads clearly better as
    Vietnamese; VNI is refused."""
    if _looks_vni(text):
        raise SourceError(str(_VNI_REFUSED))
    score = vietnamese_score(text)
    if not any(0x80 <= ord(ch) <= 0xFF for ch in text):
        return Source(text, encoding)
    wanted = max(0.08, score + 0.1)
    converted = tcvn3_to_unicode(text)
    if vietnamese_score(converted) >= wanted:
        return Source(converted, "TCVN3 (ABC)", [_("Văn bản dùng bảng mã TCVN3 (ABC, phông .VnTime): đã "
                                                   "chuyển sang Unicode.")])
    raw = _cp1252_bytes(text)
    if raw is not None:
        try:
            fixed = raw.decode("utf-8")
        except UnicodeDecodeError:
            fixed = ""
        if fixed and vietnamese_score(fixed) >= wanted:
            return Source(fixed, encoding, [_("Văn bản UTF-8 đã từng bị đọc nhầm thành Windows-1252 (chữ "
                                              "dạng “Äiá»u”): đã sửa lại.")])
    return Source(text, encoding)


def decode_text(data: bytes) -> Source:
    """Bytes of a plain-text file → text, naming the encoding found; refuses what does not read as
    Vietnamese."""
    if data.startswith(b"\xef\xbb\xbf"):
        return repair_text(data[3:].decode("utf-8", errors="strict"), encoding="UTF-8 (BOM)")
    for bom, codec, label in (
        (b"\xff\xfe", "utf-16-le", "UTF-16 LE"),
        (b"\xfe\xff", "utf-16-be", "UTF-16 BE"),
    ):
        if data.startswith(bom):
            try:
                return repair_text(data[2:].decode(codec), encoding=label)
            except UnicodeDecodeError:
                raise SourceError(_("Không đọc được tệp: đầu tệp báo %(label)s nhưng nội dung không phải "
                                    "%(label)s.") % {"label": label}) from None
    sample = data[:4000]
    if len(sample) >= 8 and sample.count(0) > len(sample) // 4:
        even_zeros = sum(1 for b in sample[0::2] if b == 0)
        codec, label = (
            ("utf-16-be", "UTF-16 BE") if even_zeros > len(sample) // 4 else ("utf-16-le", "UTF-16 LE")
        )
        try:
            return repair_text(data.decode(codec), encoding=label)
        except UnicodeDecodeError:
            raise SourceError(_("Không đọc được tệp: có ký tự nhị phân, không phải văn bản.")) from None
    try:
        return repair_text(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    if b"\x00" in sample:
        raise SourceError(_("Không đọc được tệp: có ký tự nhị phân, không phải văn bản."))
    latin = data.decode("cp1252", errors="replace")
    if _looks_vni(latin):
        raise SourceError(str(_VNI_REFUSED))
    candidates = []
    cp1258 = unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    candidates.append((vietnamese_score(cp1258), cp1258, "Windows-1258",
                       _("Văn bản dùng bảng mã Windows-1258 (tiếng Việt, dấu thanh tổ hợp): đã chuyển sang "
                         "Unicode.")))
    tcvn3 = tcvn3_to_unicode(latin)
    candidates.append((vietnamese_score(tcvn3), tcvn3, "TCVN3 (ABC)",
                       _("Văn bản dùng bảng mã TCVN3 (ABC, phông .VnTime): đã chuyển sang Unicode.")))
    score, text, label, note = max(candidates, key=lambda c: c[0])
    if score >= 0.08 and "\ufffd" not in text:
        return Source(text, label, [note])
    raise SourceError(
        _("Không đọc được tệp: nội dung không phải văn bản UTF-8, UTF-16, Windows-1258 hay TCVN3 (ABC), "
        "hoặc không phải tiếng Việt. Hãy lưu lại dưới dạng .docx hoặc .txt (UTF-8).")
    )


def sniff_kind(data: bytes, filename: str) -> str:
    """"docx", "text", or raises naming the kind of file that is not accepted."""
    name = filename.lower()
    if data.startswith(b"PK") or name.endswith(".docx"):
        return "docx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise SourceError(_("Tệp Word 97–2003 (.doc) chưa đọc được: hãy mở trong Word và lưu thành .docx."))
    if data.startswith(b"%PDF"):
        raise SourceError(
            _("Tệp PDF chưa đọc được: hãy dùng tệp Word (.docx) gốc, hoặc chép văn bản ra .txt.")
        )
    if data.startswith(b"{\\rtf"):
        raise SourceError(_("Tệp RTF chưa đọc được: hãy mở trong Word và lưu thành .docx."))
    if data[:4] in (b"\x89PNG", b"GIF8") or data[:3] == b"\xff\xd8\xff":
        raise SourceError(_("Không đọc được tệp: đây là ảnh, không phải văn bản. Ảnh chụp, bản quét cần nhận "
                            "dạng chữ (OCR) trước."))
    return "text"


# --- Word (.docx) --------------------------------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_SKIP = {f"{W}del", f"{W}moveFrom", f"{W}pPr", f"{W}rPr", f"{W}delText", f"{W}instrText", f"{W}delInstrText",
         f"{W}footnotePr", f"{W}endnotePr", f"{W}sectPr", f"{W}tblPr", f"{W}trPr", f"{W}tcPr"}
_LAYOUT_RE = re.compile(
    r"^(TM|KT|TL|TUQ|Q)\.\s|^Nơi nhận|^CỘNG HÒA XÃ HỘI|^Độc lập\s*-|^Số\s*:", re.IGNORECASE
)


def roman_numeral(value: int) -> str:
    """3 → "III", 14 → "XIV": chapters and Word's upper-roman numbering."""
    result = ""
    for number, numeral in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while value >= number:
            result, value = result + numeral, value - number
    return result


def _letter(value: int) -> str:
    """1 → a … 5 → đ … (Vietnamese alphabet: no f, j, w, z); past y, doubled letters."""
    letters = VIETNAMESE_LETTERS
    return letters[(value - 1) % len(letters)] * ((value - 1) // len(letters) + 1)


def format_number(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter",):
        return _letter(value)
    if fmt == "upperLetter":
        return _letter(value).upper()
    if fmt == "lowerRoman":
        return roman_numeral(value).lower()
    if fmt == "upperRoman":
        return roman_numeral(value)
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt in ("none", "bullet"):
        return ""
    return str(value)


class _Numbering:
    """Word's automatic numbering: a counter per list and level, rendered through the level's text."""

    def __init__(self, numbering_xml: bytes | None, styles_xml: bytes | None):
        from lxml import etree

        self.levels: dict[str, dict[int, dict]] = {}  # numId -> ilvl -> {start, fmt, text}
        self.abstract_of: dict[str, str] = {}
        self.counters: dict[str, dict[int, int]] = {}  # abstractNumId -> ilvl -> value
        self.style_num: dict[str, tuple[str, int]] = {}
        self.style_based_on: dict[str, str] = {}
        if numbering_xml:
            root = etree.fromstring(numbering_xml)
            abstract: dict[str, dict[int, dict]] = {}
            for node in root.iter(f"{W}abstractNum"):
                levels = {}
                for lvl in node.iter(f"{W}lvl"):
                    levels[int(lvl.get(f"{W}ilvl", "0"))] = {
                        "start": int(_val(lvl, "start") or 1), "fmt": _val(lvl, "numFmt") or "decimal",
                        "text": _val(lvl, "lvlText") or "",
                    }
                abstract[node.get(f"{W}abstractNumId")] = levels
            for num in root.iter(f"{W}num"):
                num_id, abstract_id = num.get(f"{W}numId"), _val(num, "abstractNumId")
                levels = {k: dict(v) for k, v in abstract.get(abstract_id, {}).items()}
                for override in num.iter(f"{W}lvlOverride"):
                    ilvl = int(override.get(f"{W}ilvl", "0"))
                    start = _val(override, "startOverride")
                    if start and ilvl in levels:
                        levels[ilvl]["start"] = int(start)
                self.levels[num_id] = levels
                self.abstract_of[num_id] = abstract_id
        if styles_xml:
            root = etree.fromstring(styles_xml)
            for style in root.iter(f"{W}style"):
                style_id = style.get(f"{W}styleId")
                based = style.find(f"{W}basedOn")
                if based is not None:
                    self.style_based_on[style_id] = based.get(f"{W}val")
                num_pr = style.find(f"{W}pPr/{W}numPr")
                if num_pr is not None:
                    num_id = _val(num_pr, "numId")
                    if num_id:
                        self.style_num[style_id] = (num_id, int(_val(num_pr, "ilvl") or 0))

    def label(self, paragraph) -> str:
        """The number Word shows before ``paragraph`` ("1.", "a)", "Điều 3.", "Chương II"), advancing the
        counters."""
        num_id, ilvl = None, 0
        num_pr = paragraph.find(f"{W}pPr/{W}numPr")
        if num_pr is not None:
            num_id = _val(num_pr, "numId")
            ilvl = int(_val(num_pr, "ilvl") or 0)
        else:
            style = paragraph.find(f"{W}pPr/{W}pStyle")
            style_id = style.get(f"{W}val") if style is not None else None
            seen = set()
            while style_id and style_id not in seen:
                seen.add(style_id)
                if style_id in self.style_num:
                    num_id, ilvl = self.style_num[style_id]
                    break
                style_id = self.style_based_on.get(style_id)
        if not num_id or num_id == "0" or num_id not in self.levels:
            return ""
        levels = self.levels[num_id]
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(self.abstract_of[num_id] + "#" + num_id, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl]["start"] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        level = levels[ilvl]
        if level["fmt"] == "bullet":
            return "-"
        text = level["text"]
        for index in range(9):
            if f"%{index + 1}" in text:
                value = counters.get(index, levels.get(index, {}).get("start", 1))
                text = text.replace(f"%{index + 1}", format_number(value, levels.get(index, level)["fmt"]))
        return text.strip()


def _val(node, child: str) -> str | None:
    found = node.find(f"{W}{child}")
    return found.get(f"{W}val") if found is not None else None


class _DocxReader:
    def __init__(self, data: bytes):
        from lxml import etree

        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            document = self.zip.read("word/document.xml")
        except (zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise SourceError(_("Không đọc được tệp Word .docx (%(name)s).") % {
                "name": exc.__class__.__name__}) from None
        try:
            self.body = etree.fromstring(document).find(f"{W}body")
        except etree.XMLSyntaxError:
            raise SourceError(_("Không đọc được tệp Word .docx (nội dung XML hỏng).")) from None
        self.numbering = _Numbering(self._part("word/numbering.xml"), self._part("word/styles.xml"))
        self.footnotes: dict[str, str] = {}
        notes = self._part("word/footnotes.xml")
        if notes:
            for note in etree.fromstring(notes).iter(f"{W}footnote"):
                if note.get(f"{W}type") in (None, "normal"):
                    text = " ".join(self._runs_text(p).strip() for p in note.iter(f"{W}p")).strip()
                    self.footnotes[note.get(f"{W}id")] = text
        self.footnote_mark = 0
        self.lines: list[str] = []
        self.seen_article = False
        self.notes: list[str] = []

    def _part(self, name: str) -> bytes | None:
        try:
            return self.zip.read(name)
        except KeyError:
            return None

    def read(self) -> Source:
        if self.body is None:
            raise SourceError(_("Không đọc được tệp Word .docx (không có nội dung)."))
        self._block(self.body)
        return Source("\n".join(self.lines), "Word (.docx)", self.notes)

    def _block(self, container) -> None:
        for child in container:
            if child.tag == f"{W}p":
                self._paragraph(child)
            elif child.tag == f"{W}tbl":
                self._table(child)
            elif child.tag == f"{W}sdt":
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    self._block(content)
            elif child.tag in (f"{W}ins", f"{W}moveTo", f"{W}customXml"):
                self._block(child)

    def _paragraph(self, paragraph) -> None:
        label = self.numbering.label(paragraph)
        boxes: list = []
        footnotes: list[str] = []
        text = self._runs_text(paragraph, boxes=boxes, footnotes=footnotes)
        if label and text.strip():
            text = f"{label} {text.lstrip()}" if label != "-" else f"- {text.lstrip()}"
        elif label and label != "-":
            text = label
        for line in text.split("\n"):
            self.lines.append(line)
            if re.match(r"\s*(Điều|ĐIỀU)\s+\d", line):
                self.seen_article = True
        for note in footnotes:
            self.lines.append(note)
        for box in boxes:
            self._block(box)

    def _runs_text(self, node, *, boxes: list | None = None, footnotes: list | None = None) -> str:
        parts: list[str] = []
        in_field_code = [False]

        def walk(element):
            for child in element:
                tag = child.tag
                if not isinstance(tag, str) or tag in _SKIP:
                    continue
                if tag == f"{MC}AlternateContent":
                    choice = child.find(f"{MC}Choice")
                    walk(choice if choice is not None else child)
                    continue
                if tag == f"{W}txbxContent":
                    if boxes is not None:
                        boxes.append(child)
                    continue
                if tag == f"{W}fldChar":
                    kind = child.get(f"{W}fldCharType")
                    in_field_code[0] = kind == "begin"
                    continue
                if tag == f"{W}t":
                    if not in_field_code[0]:
                        parts.append(child.text or "")
                elif tag in (f"{W}tab", f"{W}ptab"):
                    parts.append("\t")
                elif tag in (f"{W}br", f"{W}cr"):
                    parts.append("\n")
                elif tag == f"{W}noBreakHyphen":
                    parts.append("-")
                elif tag == f"{W}footnoteReference":
                    self.footnote_mark += 1
                    mark = f"[{self.footnote_mark}]"
                    parts.append(mark)
                    if footnotes is not None:
                        footnotes.append(f"{mark} {self.footnotes.get(child.get(f'{W}id'), '')}".rstrip())
                elif tag == f"{W}p":
                    walk(child)
                    parts.append("\n")
                else:
                    walk(child)

        walk(node)
        return "".join(parts)

    def _cell_lines(self, cell) -> list[str]:
        saved, self.lines = self.lines, []
        self._block(cell)
        lines, self.lines = self.lines, saved
        return lines

    def _table(self, table) -> None:
        rows = [[self._cell_lines(cell) for cell in row.iter(f"{W}tc") if cell.getparent() is row]
                for row in table.iter(f"{W}tr") if row.getparent() is table]
        layout = not self.seen_article or any(
            _LAYOUT_RE.match(line.strip()) for row in rows for cell in row for line in cell
        )
        if layout:
            # The header (issuer | national motto) and signature blocks side by side: one cell after the
            # other.
            for row in rows:
                for cell in row:
                    self.lines.extend(cell)
                    self.lines.append("")
            return
        # A table inside an article stays a table: one "| cell | cell |" line per row.
        for row in rows:
            cells = [
                " ".join(line.strip() for line in cell if line.strip()).replace("|", "/") for cell in row
            ]
            self.lines.append("| " + " | ".join(cells) + " |")


def docx_source(data: bytes) -> Source:
    return _DocxReader(data).read()


def read_bytes(*, data: bytes, filename: str = "") -> Source:
    if sniff_kind(data, filename) == "docx":
        return docx_source(data)
    return decode_text(data)
