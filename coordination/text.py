"""Vietnamese text as it arrives from Word: normalise to NFC, and fold for diacritic-free search."""

import re
import unicodedata


def to_nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


def fold(text: str) -> str:
    """Lowercase without diacritics: "Kiến nghị ĐẤT ĐAI" -> "kien nghi dat dai" (đ folds to d)."""
    decomposed = unicodedata.normalize("NFD", (text or "").replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())


# --- Sentence case -----------------------------------------------------------------------------------
# A title written in capitals (as Decree 30 sets a regulation's name and its chapters' names) is listed in
# sentence case: lower-cased, its first letter capitalised, with the names that keep their capitals.

# Names of institutions and places that keep their capitals, as Vietnamese writes them (longest first).
PROPER_NAMES = (
    "Cộng hòa xã hội chủ nghĩa Việt Nam",
    "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "Mặt trận Tổ quốc Việt Nam",
    "Thường trực Hội đồng nhân dân",
    "Đoàn đại biểu Quốc hội",
    "Hội đồng nhân dân",
    "Ủy ban nhân dân",
    "Ban Thường trực",
    "Thường trực HĐND",
    "Mặt trận Tổ quốc",
    "Đoàn ĐBQH",
    "Ủy ban MTTQ",
    "Chính phủ",
    "Quốc hội",
    "Việt Nam",
    "Tỉnh ủy",
    "Huyện ủy",
    "Đảng ủy",
)
# Abbreviations that stay in capitals even where they have a vowel (those without one always do).
ACRONYMS = frozenset({"UBND", "MTTQ", "UBMTTQ", "BTTUBMTTQ", "TM", "KT", "TL", "QCPH", "TW", "CP"})
# A Roman numeral stays one after the words that number a part of a document: "Chương II", "Mục IV".
_NUMBERED = frozenset({"chương", "mục", "phần", "lục", "khóa", "khoá"})
_ROMAN = re.compile(r"[IVXL]+")
# A place's name follows its level ("tỉnh Hòa Phong") and runs to a punctuation mark or one of these words.
_PLACE_LEVELS = frozenset({"tỉnh", "huyện", "quận", "xã", "phường", "trấn", "phố"})
_NOT_A_NAME = frozenset({
    "và", "với", "của", "về", "trong", "trên", "nhiệm", "năm", "giai", "để", "cho", "theo", "tại", "đến",
    "từ", "khóa", "khoá", "các", "là", "có", "được", "thực", "hiện", "giữa", "nhằm", "hội", "ủy", "gồm",
    "đối", "khi", "thuộc", "nơi", "này", "đó", "hoặc", "trước", "sau", "làm", "mới",
})
_VOWELS = set("aăâeêioôơuưyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")
_WORD = re.compile(r"\w+")
_SENTENCE_START = re.compile(r"(^[^\w]*|\.\s+)(\w)")


def _capitalise(word: str) -> str:
    return word[:1].upper() + word[1:]


def _keeps_capitals(word: str, previous: str) -> bool:
    if any(ch.isdigit() for ch in word) or word in ACRONYMS:
        return True
    if not _VOWELS.intersection(word.lower()):  # HĐND, ĐBQH, QĐ: no Vietnamese word lacks a vowel
        return True
    return bool(_ROMAN.fullmatch(word)) and previous in _NUMBERED


def sentence_case(text: str) -> str:
    """A title in capitals as a sentence: "PHỐI HỢP CÔNG TÁC GIỮA ĐOÀN ĐẠI BIỂU QUỐC HỘI TỈNH, THƯỜNG TRỰC
    HĐND TỈNH HÒA PHONG" -> "Phối hợp công tác giữa Đoàn đại biểu Quốc hội tỉnh, Thường trực HĐND tỉnh Hòa
    Phong".

    Only a text without a lower-case letter is changed (a title already in mixed case was written that way
    and is returned as it is); acronyms, Roman numerals after "Chương"/"Mục", numbers, the PROPER_NAMES and a
    place's name after its level keep their capitals. Lists use it (the template filter ``sentence_case``);
    the document's own page and its PDF keep the text's case."""
    text = to_nfc(text)
    if not text or any(ch.islower() for ch in text):
        return text
    pieces: list[str] = []
    last, previous = 0, ""
    for match in _WORD.finditer(text):
        word = match.group()
        pieces.append(text[last:match.start()])
        pieces.append(word if _keeps_capitals(word, previous) else word.lower())
        previous, last = word.lower(), match.end()
    pieces.append(text[last:])
    result = "".join(pieces)
    for name in PROPER_NAMES:
        result = re.sub(_name_pattern(name), name, result, flags=re.IGNORECASE)
    result = _place_names(result)
    # Each sentence starts with a capital: the first letter, and the first after ". " ("Điều 5. Đặt lịch").
    return _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), result)


def _name_pattern(name: str) -> str:
    words = (re.escape(w.lower()).replace("ủy", "(?:ủy|uỷ)") for w in name.split())
    return r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)"


def _place_names(text: str) -> str:
    """Capitalise the words after a level ("tỉnh hòa phong" -> "tỉnh Hòa Phong") up to a punctuation mark or a
    word that cannot be part of a name."""
    out: list[str] = []
    last, naming = 0, False
    for match in _WORD.finditer(text):
        word, gap = match.group(), text[last:match.start()]
        if naming and (gap.strip() or word.lower() in _NOT_A_NAME or word.lower() in _PLACE_LEVELS):
            naming = False
        out.append(gap)
        out.append(_capitalise(word) if naming and word.islower() else word)
        if word in _PLACE_LEVELS:  # a level written in lower case, as the sentence now has it
            naming = True
        last = match.end()
    out.append(text[last:])
    return "".join(out)
