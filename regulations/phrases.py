"""Recognising obligations in the words of a regulation: deadline phrases, lead and cooperating bodies.

Everything is matched on folded text (coordination.text.fold: lowercase, no diacritics, single spaces),
so NFD input, "đ"/"d" and capitalisation do not matter; folding keeps one character per character, so a
match's span also cuts the original words out. What is recognised is only a proposal: a person confirms
or edits each obligation before it overrides the law's default.

Phrasings covered (the labelled corpus in tests/regulations/data/deadline_phrases.tsv, measured by
bench/regulations_phrases.py):
- relative: "chậm nhất 20 ngày trước ngày khai mạc kỳ họp", "trong thời hạn 10 ngày làm việc kể từ ngày
  nhận", a comma inside ("03 ngày làm việc, kể từ ngày nhận"), "trước ít nhất 03 ngày làm việc" (the event
  read from the sentence), "không quá 10 ngày kể từ …", weeks and months, numbers in words ("mười lăm ngày");
- hours: "trong 24 giờ", "trong vòng 48 giờ kể từ khi nhận", and a time of day "trước 16 giờ ngày làm
  việc liền trước …", "trước 16 giờ ngày 20 hằng tháng";
- periodic: monthly ("hằng tháng … trước ngày 25", "ngày 15 hằng tháng", "mỗi tháng một lần, thường trước
  ngày 05"), quarterly ("hằng quý", "mỗi quý một lần"), "định kỳ 6 tháng", "06 tháng một lần", yearly
  ("trước ngày 15 tháng 11 hằng năm", "Hằng năm, chậm nhất ngày 15 tháng 12", "trước ngày 30/6 hằng năm");
- several deadlines in one provision, each with its own lead;
- the lead: any body the text names — the four parties, the Council's committees, the office, a Sở, the
  inspectorate, "cơ quan chịu sự giám sát" — kept as written (``lead_text``) for a person to map when it
  is not one of the unit's bodies.
Not proposed: one-off calendar dates of a given year ("trước ngày 31/12/2026") and durations ("kỳ họp
diễn ra trong 02 ngày").
"""

import math
import re
from dataclasses import dataclass, field

from coordination.models import BodyKind, DayUnit, DeadlineAnchor, DeadlineRule
from coordination.statutory_rules import DeadlineCode
from coordination.text import fold, to_nfc

# Short and long names of the bodies as regulations write them, folded; the longest match wins.
BODY_ALIASES: list[tuple[str, str]] = sorted(
    [
        ("doan dai bieu quoc hoi", BodyKind.NA_DELEGATION),
        ("doan dbqh", BodyKind.NA_DELEGATION),
        ("thuong truc hoi dong nhan dan", BodyKind.COUNCIL_STANDING),
        ("thuong truc hdnd", BodyKind.COUNCIL_STANDING),
        ("tt hdnd", BodyKind.COUNCIL_STANDING),
        ("ban thuong truc uy ban mat tran to quoc viet nam", BodyKind.FRONT_BOARD),
        ("ban thuong truc uy ban mat tran to quoc", BodyKind.FRONT_BOARD),
        ("ban thuong truc ubmttq viet nam", BodyKind.FRONT_BOARD),
        ("ban thuong truc ubmttq", BodyKind.FRONT_BOARD),
        ("ban thuong truc uy ban mttq viet nam", BodyKind.FRONT_BOARD),
        ("ban thuong truc uy ban mttq", BodyKind.FRONT_BOARD),
        ("ban thuong truc ubmttqvn", BodyKind.FRONT_BOARD),
        ("btt ubmttq", BodyKind.FRONT_BOARD),
        ("uy ban mat tran to quoc", BodyKind.FRONT_BOARD),
        ("uy ban mttq", BodyKind.FRONT_BOARD),
        ("ubmttqvn", BodyKind.FRONT_BOARD),
        ("ubmttq", BodyKind.FRONT_BOARD),
        ("mat tran to quoc", BodyKind.FRONT_BOARD),
        ("uy ban nhan dan", BodyKind.PEOPLES_COMMITTEE),
        ("ubnd", BodyKind.PEOPLES_COMMITTEE),
        ("chu tich uy ban nhan dan", BodyKind.PEOPLES_COMMITTEE),
        ("chu tich ubnd", BodyKind.PEOPLES_COMMITTEE),
        ("cac ban cua hoi dong nhan dan", BodyKind.COUNCIL_COMMITTEE),
        ("cac ban cua hdnd", BodyKind.COUNCIL_COMMITTEE),
        ("cac ban hdnd", BodyKind.COUNCIL_COMMITTEE),
        ("ban phap che", BodyKind.COUNCIL_COMMITTEE),
        ("ban kinh te - ngan sach", BodyKind.COUNCIL_COMMITTEE),
        ("ban kinh te – ngan sach", BodyKind.COUNCIL_COMMITTEE),
        ("ban kinh te ngan sach", BodyKind.COUNCIL_COMMITTEE),
        ("ban van hoa - xa hoi", BodyKind.COUNCIL_COMMITTEE),
        ("ban van hoa – xa hoi", BodyKind.COUNCIL_COMMITTEE),
        ("ban van hoa xa hoi", BodyKind.COUNCIL_COMMITTEE),
        ("ban dan toc", BodyKind.COUNCIL_COMMITTEE),
        ("ban do thi", BodyKind.COUNCIL_COMMITTEE),
        ("van phong doan dai bieu quoc hoi va hoi dong nhan dan", BodyKind.OFFICE),
        ("van phong doan dbqh va hdnd", BodyKind.OFFICE),
        ("van phong hoi dong nhan dan va uy ban nhan dan", BodyKind.OFFICE),
        ("van phong hdnd va ubnd", BodyKind.OFFICE),
        ("van phong uy ban nhan dan", BodyKind.OFFICE),
        ("van phong ubnd", BodyKind.OFFICE),
        ("van phong hoi dong nhan dan", BodyKind.OFFICE),
        ("van phong hdnd", BodyKind.OFFICE),
        ("van phong", BodyKind.OFFICE),
        ("to dai bieu hoi dong nhan dan", BodyKind.DEPUTY_GROUP),
        ("to dai bieu hdnd", BodyKind.DEPUTY_GROUP),
        ("to dai bieu", BodyKind.DEPUTY_GROUP),
        ("thanh tra tinh", BodyKind.AGENCY),
        ("thanh tra xa", BodyKind.AGENCY),
        ("cong an tinh", BodyKind.AGENCY),
        ("cong an xa", BodyKind.AGENCY),
    ],
    key=lambda pair: -len(pair[0]),
)
_BODY_RE = re.compile(r"\b(" + "|".join(re.escape(alias) for alias, _ in BODY_ALIASES) + r")\b")
_KIND_BY_ALIAS = dict(BODY_ALIASES)
# The four parties and the Council's committees as a group are the unit's own bodies, found by kind; the
# others (a named committee, the office, a Sở …) are found by the name the text gives.
KINDS_BY_KIND = {BodyKind.NA_DELEGATION, BodyKind.COUNCIL_STANDING, BodyKind.PEOPLES_COMMITTEE, BodyKind.FRONT_BOARD}
_GENERIC_COMMITTEES = {"cac ban cua hoi dong nhan dan", "cac ban cua hdnd", "cac ban hdnd"}

# Subjects that are bodies the text names without our knowing them: kept as text for a person to map.
_OTHER_SUBJECT_RE = re.compile(
    r"\b(so (?!lieu|tay)[a-z]+(?: [a-z]+){0,3}?(?:, [a-z]+(?: [a-z]+){0,3}?)+ va [a-z]+(?: [a-z]+){0,2}?|"
    r"so (?!lieu|tay)[a-z]+(?: [a-z]+){0,5}?|doan (?:giam sat|khao sat|cong tac)|cac so, nganh|cac so nganh|"
    r"co quan (?:trinh|chu tri soan thao|soan thao)|co quan(?: [a-z]+){0,6}?|cac co quan|to (?:cong tac|giup viec)(?: [a-z]+){0,3}?)"
    r"(?=,| (?:phai |se |can |duoc )?(?:chu tri|phoi hop|gui|co trach nhiem|to chuc|tong hop|bao cao|thong bao|chuan bi|xay dung|cung cap|tra loi|"
    r"giai quyet|thuc hien|huong dan|tham muu|cap nhat|ra soat|lap|theo doi|kiem tra|dang ky|de xuat|chuyen|tiep nhan|"
    r"phan loai|tham dinh|xem xet|co y kien|trinh|phan hoi|nop|dong gop)\b)"
)
# Who is not a body: a person, the electorate, "the parties" together.
_PERSON_RE = re.compile(r"^(nguoi|dai bieu|cu tri|cong dan|cac ben|ca nhan|thu truong)\b")
_VERBS = (
    "chu tri", "phoi hop", "gui", "co trach nhiem", "to chuc", "tong hop", "bao cao", "thong bao", "chuan bi",
    "xay dung", "cung cap", "tra loi", "giai quyet", "thuc hien", "huong dan", "tham muu", "cap nhat", "ra soat",
    "lap", "theo doi", "kiem tra", "dang ky", "de xuat", "chuyen", "tiep nhan", "phan loai", "tham dinh", "xem xet",
    "co y kien", "phan hoi", "nop", "hop", "trinh", "chi dao", "ky", "so ket", "tong ket", "khao sat", "giam sat",
)
_VERB_AFTER_RE = re.compile(r"^(?:[a-z]+ ){0,2}?(?:" + "|".join(_VERBS) + r")\b")
_ADMIN_WORDS = ("tinh", "xa", "huyen", "phuong", "thanh pho", "dac khu", "thi tran")

# The event a relative deadline counts from: the keyword found earliest after "trước"/"kể từ" wins
# (the longest at the same place).
ANCHOR_WORDS: list[tuple[str, str]] = [
    ("khai mac", DeadlineAnchor.SESSION_OPENING),
    ("ky hop", DeadlineAnchor.SESSION_OPENING),
    ("be mac", DeadlineAnchor.SESSION_CLOSING),
    ("ket thuc dot tiep xuc", DeadlineAnchor.ROUND_END),
    ("ket thuc tiep xuc", DeadlineAnchor.ROUND_END),
    ("ket thuc", DeadlineAnchor.ACTIVITY_END),
    ("ban hanh", DeadlineAnchor.DECISION),
    ("quyet dinh", DeadlineAnchor.DECISION),
    ("tiep nhan", DeadlineAnchor.RECEIPT),
    ("nhan", DeadlineAnchor.RECEIPT),
    ("ngay trinh", DeadlineAnchor.SUBMISSION),
    ("trinh", DeadlineAnchor.SUBMISSION),
    ("lam viec truc tiep", DeadlineAnchor.VISIT),
    ("giam sat truc tiep", DeadlineAnchor.VISIT),
    ("truc tiep", DeadlineAnchor.VISIT),
    ("hoi nghi", DeadlineAnchor.MEETING),
    ("phien", DeadlineAnchor.MEETING),
    ("cuoc hop", DeadlineAnchor.MEETING),
    ("ngay hop", DeadlineAnchor.MEETING),
    ("buoi hop", DeadlineAnchor.MEETING),
]

# Which statutory deadline a phrase restates: (code, anchor it needs, words that must all occur).
# Checked in order, the most specific first; the words are searched in the article title + clause.
DEADLINE_CODES: list[tuple[str, str, tuple[str, ...]]] = [
    (DeadlineCode.JOINT_MEETING, DeadlineAnchor.SESSION_OPENING, ("lien tich",)),
    (DeadlineCode.REVIEW_REPORT_DUE, DeadlineAnchor.SESSION_OPENING, ("bao cao tham tra",)),
    (DeadlineCode.SUBMISSION_DUE, DeadlineAnchor.SESSION_OPENING, ("to trinh",)),
    (DeadlineCode.PETITION_RESULT_REPORT, DeadlineAnchor.SESSION_OPENING, ("ket qua giai quyet kien nghi",)),
    (DeadlineCode.FRONT_PETITION_REPORT, DeadlineAnchor.SESSION_OPENING, ("kien nghi cua cu tri",)),
    (DeadlineCode.PETITION_COMPILE, DeadlineAnchor.ROUND_END, ("tong hop",)),
    (DeadlineCode.PETITION_ANSWER, DeadlineAnchor.RECEIPT, ("tra loi kien nghi",)),
    (DeadlineCode.RECOMMENDATION_ANSWER, DeadlineAnchor.RECEIPT, ("kien nghi sau giam sat",)),
    (DeadlineCode.SUPERVISION_NOTIFY, DeadlineAnchor.DECISION, ("giam sat",)),
    (DeadlineCode.SUPERVISION_PROGRAMME, DeadlineAnchor.VISIT, ("giam sat",)),
    (DeadlineCode.SUPERVISION_REPORT, DeadlineAnchor.ACTIVITY_END, ("giam sat",)),
    (DeadlineCode.SOCIAL_CRITICISM, DeadlineAnchor.RECEIPT, ("phan bien",)),
    (DeadlineCode.WRITTEN_ANSWER, DeadlineAnchor.RECEIPT, ("chat van",)),
    (DeadlineCode.BETWEEN_SESSIONS_REPLY, DeadlineAnchor.RECEIPT, ("giua hai ky hop",)),
    (DeadlineCode.EXPLANATION_NOTICE, DeadlineAnchor.MEETING, ("giai trinh",)),
]

# Coordination areas (CoordinationArea.code) suggested from an article's title.
AREA_WORDS: list[tuple[str, str]] = [
    ("xay dung phap luat", "law_making"),
    ("ky hop hoi dong", "council_sessions"),
    ("giua hai ky hop", "between_sessions"),
    ("kien nghi cua cu tri", "voter_contact"),
    ("tiep xuc cu tri", "voter_contact"),
    ("giam sat", "supervision"),
    ("phan bien", "social_criticism"),
    ("tiep cong dan", "citizen_reception"),
    ("don, thu", "letters"),
    ("khieu nai", "letters"),
    ("chat van", "questioning"),
    ("giai trinh", "questioning"),
    ("tin nhiem", "confidence_votes"),
    ("bau cu", "elections"),
    ("thong tin, bao cao", "information"),
    ("nghi quyet", "resolution_drafting"),
    ("to chuc thuc hien", "implementation"),
]

# --- Deadline patterns (folded text) ------------------------------------------------------------------

_RELATIVE_RE = re.compile(
    r"(?:\b(?P<lead>cham nhat la|cham nhat sau|cham nhat|truoc it nhat|it nhat|som nhat|trong thoi han|trong vong|"
    r"trong thoi gian khong qua|trong thoi gian|trong|khong qua|toi da|truoc|sau) )?\b(?P<n>\d{1,3}) (?P<unit>ngay lam viec|ngay|gio|tuan|thang)\b,?(?: (?P<dir>truoc|ke tu|tinh tu|sau|so voi)(?: khi| ngay)?\b(?=(?P<rest>.{0,90})))?"
)
_AT_HOUR_RE = re.compile(r"\btruoc (?P<h>\d{1,2}) gio(?: \d{1,2}(?: phut)?)?(?P<after> ngay (?P<work>lam viec )?(?:lien )?truoc\b(?P<rest>.{0,80}))?")
_MONTHLY_RE = re.compile(r"\b(hang thang|moi thang(?: mot lan)?|dinh ky hang thang)\b")
_MONTH_DAY_RE = re.compile(
    r"\b(?:truoc|cham nhat(?: la)?(?: vao)?|vao|truoc hoac vao|den|trong) ngay (\d{1,2})\b(?! (?:thang|cua thang)| ?/ ?\d)"
)
_DAY_EACH_MONTH_RE = re.compile(r"\bngay (\d{1,2}) (?:hang|moi) thang\b")
_QUARTERLY_RE = re.compile(r"\b(hang quy|moi quy(?: mot lan)?|quy mot lan|dinh ky hang quy|0?3 thang mot lan)\b")
_EVERY_N_RE = re.compile(r"\b(?:dinh ky (?P<a>\d{1,2}) thang(?: mot lan)?|(?P<b>\d{1,2}) thang (?:mot lan|/ ?lan)|nua nam mot lan)\b")
_YEARLY_DATE_RE = re.compile(
    r"\b(?:truoc|cham nhat(?: la)?(?: vao)?|vao|den|truoc hoac vao) ngay (?P<d>\d{1,2})(?: thang |/|-)(?P<m>\d{1,2})\b"
    r"(?!(?: nam| ?/ ?| ?- ?)\d)"
)
_YEARLY_MARK_RE = re.compile(r"\b(hang nam|moi nam(?: mot lan)?|nam mot lan|dinh ky hang nam)\b")
_BARE_YEARLY_RE = re.compile(r"(?:^(?:dinh ky )?hang nam,|\bdinh ky hang nam\b|\bmoi nam mot lan\b|\bnam mot lan\b)")
_DURATION_BEFORE_RE = re.compile(r"(keo dai|dien ra|thoi gian(?: cong tac| hop)?(?: cua [a-z ]{0,20})?|hop trong|lam viec trong)\s*$")
_LEADING_TIME_RE = re.compile(
    r"^(?:(?:trong thoi han|trong vong|trong|truoc|sau|vao|han|hang thang|hang nam|hang quy|moi|dinh ky|cham nhat|"
    r"truong hop|khi|ke tu|tinh tu)\b[^,]*, )+"
)
_LEAD_RE = re.compile(r"\bchu tri\b")
_COOPERATE_RE = re.compile(r"\bphoi hop voi\b")
_SEGMENT_RE = re.compile(r";|\.(?= |$)|\n")
_RECIPIENT_BEFORE_RE = re.compile(r"\b(den|cho|voi|toi|ve)\b[^,;]{0,60}$")

_NUMBER_WORD_RE = re.compile(
    r"\b((?:một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)(?: (?:mươi|mốt|một|hai|ba|bốn|tư|năm|lăm|sáu|bảy|tám|chín))*) "
    r"(?=(?:ngày|giờ|tuần|tháng)\b)", re.IGNORECASE,
)
_PAREN_NUMBER_RE = re.compile(r"(\d{1,3}) ?\([^()\d]{2,25}\) ?(?=(?:ngày|giờ|tuần|tháng)\b)", re.IGNORECASE)


def _words_to_number(words: str) -> int | None:
    """"mười lăm" → 15, "hai mươi" → 20, "năm" → 5, "ba mươi mốt" → 31."""
    values = {"một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5, "sáu": 6, "bảy": 7,
              "tám": 8, "chín": 9}
    parts = words.lower().split()
    if not parts:
        return None
    if parts[0] == "mười":
        return 10 + (values.get(parts[1], 0) if len(parts) > 1 else 0)
    if len(parts) >= 2 and parts[1] == "mươi" and parts[0] in values:
        return values[parts[0]] * 10 + (values.get(parts[2], 0) if len(parts) > 2 else 0)
    if len(parts) == 1 and parts[0] in values:
        return values[parts[0]]
    return None


def _normalise_numbers(text: str) -> str:
    """Numbers written in words before a unit ("mười lăm ngày" → "15 ngày"), "06 (sáu) tháng" → "06 tháng"."""
    text = _PAREN_NUMBER_RE.sub(lambda m: f"{m.group(1)} ", text)

    def replace(match):
        value = _words_to_number(match.group(1))
        return f"{value} " if value is not None else match.group(0)

    return _NUMBER_WORD_RE.sub(replace, text)


@dataclass
class ProposedRule:
    rule_kind: str = DeadlineRule.Kind.RELATIVE
    anchor: str = ""
    direction: str = DeadlineRule.Direction.AFTER
    amount: int = 0
    day_unit: str = DayUnit.CALENDAR
    day_of_month: int | None = None
    month: int | None = None
    every_months: int | None = None
    # What the text says beyond the stored rule: a limit in hours (stored as whole days), months (stored as
    # 30 days each), a time of day ("trước 16 giờ"). Kept in the proposal and its phrase for the person.
    hours: int | None = None
    months: int | None = None
    at_hour: int | None = None

    MODEL_FIELDS = ("rule_kind", "anchor", "direction", "amount", "day_unit", "day_of_month", "month", "every_months")

    def as_fields(self) -> dict:
        """The DeadlineRule fields an Obligation stores."""
        return {name: getattr(self, name) for name in self.MODEL_FIELDS}

    def label(self) -> str:
        """The corpus label: rel:20:before:session_opening, rel:3w:after:receipt, monthly:25, every:6, yearly:15/11."""
        if self.rule_kind == DeadlineRule.Kind.MONTHLY:
            text = f"monthly:{self.day_of_month}"
        elif self.rule_kind == DeadlineRule.Kind.YEARLY:
            text = f"yearly:{self.day_of_month}/{self.month}"
        elif self.rule_kind == DeadlineRule.Kind.EVERY_N_MONTHS:
            text = f"every:{self.every_months}"
        else:
            if self.hours is not None:
                amount = f"{self.hours}h"
            elif self.months is not None:
                amount = f"{self.months}mo"
            else:
                amount = f"{self.amount}{'w' if self.day_unit == DayUnit.WORKING else ''}"
            text = f"rel:{amount}:{self.direction}:{self.anchor or '?'}"
        return f"{text}@{self.at_hour}" if self.at_hour is not None else text


@dataclass
class BodyMention:
    kind: str
    text: str  # the words as folded, e.g. "thuong truc hdnd"
    start: int
    end: int


@dataclass
class ProposedObligation:
    rule: ProposedRule
    phrase: str
    lead: BodyMention | None = None
    cooperating: list[BodyMention] = field(default_factory=list)
    deadline_code: str = ""
    lead_text: str = ""  # the lead as written ("Sở Tài chính", "Văn phòng HĐND và UBND xã")
    span: tuple[int, int] = (0, 0)


def body_mentions(folded: str) -> list[BodyMention]:
    return [BodyMention(_KIND_BY_ALIAS[m.group(1)], m.group(1), m.start(), m.end()) for m in _BODY_RE.finditer(folded)]


def _subjects(folded: str, original: str = "") -> list[BodyMention]:
    """Known bodies and other named bodies ("Sở Nội vụ", "cơ quan chịu sự giám sát"), in order, not overlapping.
    ``original`` (the same text unfolded) tells "Sở" (a department) from "hồ sơ" (a file)."""
    found = body_mentions(folded)
    taken = [(m.start, m.end) for m in found]
    for match in _OTHER_SUBJECT_RE.finditer(folded):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        if match.group(1).startswith("so ") and original and not original[match.start():match.start() + 1].isupper():
            continue
        found.append(BodyMention(BodyKind.AGENCY if match.group(1).startswith(("so ", "cac so")) else BodyKind.OTHER,
                                 match.group(1), match.start(), match.end()))
    return sorted(found, key=lambda m: m.start)


_ANCHOR_RES = [(re.compile(rf"\b{re.escape(words)}\b"), words, anchor) for words, anchor in ANCHOR_WORDS]


def find_anchor(rest: str) -> str:
    best = None
    for pattern, words, anchor in _ANCHOR_RES:
        match = pattern.search(rest)
        if match and (best is None or match.start() < best[0] or (match.start() == best[0] and len(words) > best[1])):
            best = (match.start(), len(words), anchor)
    return best[2] if best else ""


def _rule_spans(folded: str) -> list[tuple[ProposedRule, tuple[int, int]]]:
    """Every deadline one sentence (folded) states, with the span of its phrase, in order."""
    found: list[tuple[ProposedRule, tuple[int, int]]] = []
    taken: list[tuple[int, int]] = []

    def free(span) -> bool:
        return not any(s < span[1] and span[0] < e for s, e in taken)

    def add(rule, span):
        found.append((rule, span))
        taken.append(span)

    # A time of day before a day counted back from an event: "trước 16 giờ ngày làm việc liền trước …".
    at_hours = []
    for match in _AT_HOUR_RE.finditer(folded):
        at_hours.append((int(match.group("h")), match.span()))
        if match.group("after"):
            anchor = find_anchor(match.group("rest"))
            add(ProposedRule(anchor=anchor, direction=DeadlineRule.Direction.BEFORE, amount=1,
                             day_unit=DayUnit.WORKING if match.group("work") else DayUnit.CALENDAR,
                             at_hour=int(match.group("h"))), _trim(folded, match.span()))
    # Yearly dates, then monthly days, then the periodic words without a day.
    has_yearly = False
    for match in _YEARLY_DATE_RE.finditer(folded):
        day, month = int(match.group("d")), int(match.group("m"))
        if 1 <= day <= 31 and 1 <= month <= 12 and free(match.span()):
            add(ProposedRule(rule_kind=DeadlineRule.Kind.YEARLY, day_of_month=day, month=month), match.span())
            has_yearly = True
    quarterly = [m for m in _QUARTERLY_RE.finditer(folded)]
    monthly = [m for m in _MONTHLY_RE.finditer(folded)] if not quarterly else \
        [m for m in _MONTHLY_RE.finditer(folded) if not any(q.start() <= m.start() < q.end() for q in quarterly)]
    days_each_month = [m for m in _DAY_EACH_MONTH_RE.finditer(folded) if free(m.span())]
    for match in days_each_month:
        day = int(match.group(1))
        if 1 <= day <= 31:
            add(ProposedRule(rule_kind=DeadlineRule.Kind.MONTHLY, day_of_month=day), match.span())
    if monthly and not days_each_month:
        marker = monthly[0]
        day_match = next((m for m in _MONTH_DAY_RE.finditer(folded) if free(m.span())), None)
        if day_match and 1 <= int(day_match.group(1)) <= 31:
            span = (min(marker.start(), day_match.start()), max(marker.end(), day_match.end()))
            add(ProposedRule(rule_kind=DeadlineRule.Kind.MONTHLY, day_of_month=int(day_match.group(1))), span)
        elif free(marker.span()):
            add(ProposedRule(rule_kind=DeadlineRule.Kind.EVERY_N_MONTHS, every_months=1), marker.span())
    for match in quarterly[:1]:
        if free(match.span()):
            add(ProposedRule(rule_kind=DeadlineRule.Kind.EVERY_N_MONTHS, every_months=3), match.span())
    for match in _EVERY_N_RE.finditer(folded):
        months = int(match.group("a") or match.group("b") or 6)
        if 1 <= months <= 12 and free(match.span()):
            add(ProposedRule(rule_kind=DeadlineRule.Kind.EVERY_N_MONTHS, every_months=months), match.span())
    if not has_yearly:
        for match in _BARE_YEARLY_RE.finditer(folded):
            if free(match.span()):
                add(ProposedRule(rule_kind=DeadlineRule.Kind.EVERY_N_MONTHS, every_months=12), match.span())
                break
    # Relative deadlines.
    for match in _RELATIVE_RE.finditer(folded):
        rule = _relative(folded, match)
        span = (match.start("lead") if match.group("lead") else match.start("n"), _phrase_end(folded, match))
        if rule is not None and free(span):
            add(rule, span)
    # A time of day belongs to the rule right after it, or, when nothing else is said, stands on its own.
    for hour, span in at_hours:
        after = [(r, s) for r, s in found if s[0] >= span[1] - 1 and s[0] - span[1] <= 12 and r.at_hour is None]
        if after:
            after[0][0].at_hour = hour
        elif not any(r.at_hour == hour and s[0] <= span[0] <= s[1] for r, s in found) and free(span) \
                and not re.search(r"\b(hang tuan|moi tuan|hang ngay|moi ngay)\b", folded):
            add(ProposedRule(direction=DeadlineRule.Direction.BEFORE, amount=0, at_hour=hour,
                             anchor=find_anchor(folded)), span)
    return sorted(found, key=lambda pair: pair[1][0])


def _phrase_end(folded: str, match: re.Match) -> int:
    """Where a relative phrase ends: after the event it counts from ("… trước ngày khai mạc kỳ họp thường lệ"),
    at the next comma, semicolon, "và" or the next deadline."""
    if not match.group("dir"):
        return match.end()
    start = match.end()
    rest = folded[start:start + 90]
    stop = re.search(r",|;|\.| va | de | cho | cham nhat | trong thoi han | truoc khi | dong thoi ", rest)
    return start + (stop.start() if stop else len(rest.rstrip()))


def _trim(folded: str, span: tuple[int, int]) -> tuple[int, int]:
    """The phrase up to the first comma or semicolon after its number (the event it counts from stays)."""
    start, end = span
    text = folded[start:end]
    cut = re.search(r"[;]| - ", text)
    if cut:
        end = start + cut.start()
    return start, len(folded[:end].rstrip(" ,.")) if folded[:end].rstrip(" ,.") else end


def _relative(folded: str, match: re.Match) -> ProposedRule | None:
    lead, amount, unit, direction, rest = (match.group("lead"), int(match.group("n")), match.group("unit"),
                                           match.group("dir"), match.group("rest") or "")
    before = folded[:match.start()]
    if unit == "thang" and (re.match(r" ?(mot lan|/ ?lan)", folded[match.end("unit"):]) or before.endswith("dinh ky ")):
        return None  # periodic ("06 tháng một lần"), not a time limit
    if unit == "gio" and (before.endswith("truoc ") or lead == "truoc"):
        return None  # a time of day ("trước 16 giờ")
    if _DURATION_BEFORE_RE.search(before[-40:] + (lead or "")):
        return None
    rule = ProposedRule(amount=amount)
    if unit == "ngay lam viec":
        rule.day_unit = DayUnit.WORKING
    elif unit == "gio":
        rule.hours, rule.amount = amount, max(1, math.ceil(amount / 24))
    elif unit == "tuan":
        rule.amount = amount * 7
    elif unit == "thang":
        rule.months, rule.amount = amount, amount * 30
    if lead == "truoc" and direction in (None, "so voi"):
        # "trước 10 ngày so với ngày khai mạc", "gửi … trước 15 ngày": counted back from the event named.
        rule.direction = DeadlineRule.Direction.BEFORE
        rule.anchor = find_anchor(rest) if direction else find_anchor(folded)
        return rule
    if lead == "truoc":
        return None
    if direction:
        rule.direction = DeadlineRule.Direction.BEFORE if direction == "truoc" else DeadlineRule.Direction.AFTER
        rule.anchor = find_anchor(rest)
        if not rule.anchor and lead is None:
            return None  # "12 tháng trước đó": not a deadline
        if rule.anchor == DeadlineAnchor.SESSION_OPENING and rule.direction == DeadlineRule.Direction.AFTER \
                and "khai mac" not in rest:
            rule.anchor = DeadlineAnchor.SESSION_CLOSING  # "sau kỳ họp"
        return rule
    if lead in ("truoc it nhat", "it nhat", "som nhat"):
        rule.direction = DeadlineRule.Direction.BEFORE
        rule.anchor = find_anchor(folded)  # the event the sentence speaks of ("tài liệu phiên họp")
        return rule
    if lead in ("trong thoi han", "trong vong", "cham nhat", "cham nhat la", "cham nhat sau", "trong thoi gian khong qua") \
            or (lead == "trong" and unit == "gio"):
        return rule
    return None


# The subject is a person or "the parties", not a body: nobody leads, and the lead above is not inherited.
NOBODY = BodyMention("", "", 0, 0)


def find_lead(folded: str) -> BodyMention | None:
    """The body that leads: the one named before "chủ trì", else the subject of the sentence."""
    lead = _lead_before(folded, len(folded))
    return None if lead is NOBODY else lead


def _lead_before(folded: str, position: int, original: str = "") -> BodyMention | None:
    """The lead of what the sentence says at ``position``: the body before "chủ trì", else the subject that
    opens the sentence (after a leading time phrase) or a later clause's subject ("… và cơ quan X gửi …")."""
    subjects = _subjects(folded, original)
    # "UBND chủ trì, phối hợp …" (the verb), not "cơ quan chủ trì soạn thảo" (a noun).
    for lead_word in _LEAD_RE.finditer(folded[:position]):
        before = [m for m in subjects if m.end <= lead_word.start()]
        if before and before[-1].kind != BodyKind.OTHER and lead_word.start() - before[-1].end <= 6 \
                and not folded[lead_word.end():].startswith(" soan thao"):
            return before[-1]
    subject_at = (m.end() if (m := _LEADING_TIME_RE.match(folded)) else 0)
    lead = None
    first = next((m for m in subjects if m.start >= subject_at), None)
    first_end = first.end if first is not None else subject_at
    person = _PERSON_RE.match(folded[subject_at:])
    if first is not None and first.start - subject_at <= 4 and not person:
        lead = first
    elif person:
        lead = NOBODY
    # A later clause with its own subject, before the deadline: "… và người bị chất vấn gửi …".
    for match in re.finditer(r"(?:, | va |; )", folded[:position]):
        start = match.end()
        if _RECIPIENT_BEFORE_RE.search(folded[max(0, start - 70):match.start()]):
            continue
        rest = folded[start:position]
        if _PERSON_RE.match(rest) and _VERB_AFTER_RE.match(rest.split(" ", 3)[-1] if rest.count(" ") >= 3 else rest):
            lead = NOBODY
            continue
        mention = next((m for m in subjects if m.start == start), None)
        # Its own clause only when the one before has its verb ("A thông báo …, B gửi …"), not "A, B phối hợp".
        has_verb = any(re.search(rf"\b{verb}\b", folded[first_end:match.start()]) for verb in _VERBS)
        if mention is not None and has_verb and _VERB_AFTER_RE.match(folded[mention.end:position].strip() + " "):
            lead = mention
    return lead


def find_cooperating(folded: str, lead: BodyMention | None) -> list[BodyMention]:
    """Bodies listed right after "phối hợp với" (A, B và C)."""
    match = _COOPERATE_RE.search(folded)
    if not match:
        return []
    result, position = [], match.end()
    for mention in body_mentions(folded):
        if mention.start < position:
            continue
        gap = folded[position:mention.start].strip(" ,")
        if gap not in ("", "va", "cac"):
            break
        if mention.kind in KINDS_BY_KIND and (lead is None or mention.kind != lead.kind):
            result.append(mention)
        position = mention.end
    return result


def find_deadline_code(context: str, rule: ProposedRule) -> str:
    if rule.rule_kind != DeadlineRule.Kind.RELATIVE:
        return ""
    for code, anchor, words in DEADLINE_CODES:
        if rule.anchor == anchor and all(w in context for w in words):
            return code
    return ""


def _lead_text(spaced: str, folded: str, mention: BodyMention) -> str:
    """The lead's words as written, with the level and name of its unit ("UBND tỉnh", "UBND xã Phong Lạc")."""
    end, start = mention.end, mention.start
    if folded[:start].endswith("cac "):
        start -= 4
    if re.match(r" cap (tinh|xa|huyen|phuong)\b", folded[end:]):
        end += 4
    rest = folded[end:]
    for word in _ADMIN_WORDS:
        if rest.startswith(" " + word + " ") or rest == " " + word or rest.startswith(" " + word + ","):
            end += len(word) + 1
            # A proper name after it: "xã Phong Lạc".
            while True:
                next_word = re.match(r" (\S+)", spaced[end:])
                if next_word and next_word.group(1)[:1].isupper() and next_word.group(1).isalpha():
                    end += len(next_word.group(0))
                else:
                    break
            break
    return spaced[start:end].strip(" ,")


def propose_obligations(text: str, *, context: str = "", inherited_lead: BodyMention | None = None) -> list[ProposedObligation]:
    """Every deadline one provision states, each proposed with its own lead, or [] when it states none.

    ``context`` (the article title) helps recognise the statutory code; ``inherited_lead`` is the lead
    of the clause a point belongs to ("UBND có trách nhiệm: … b) Cung cấp tài liệu …").
    """
    normalised = _normalise_numbers(to_nfc(text))
    spaced = " ".join(normalised.split())
    folded = fold(spaced)
    same_length = len(spaced) == len(folded)
    proposals: list[ProposedObligation] = []
    previous_lead, previous_text = None, ""
    offset = 0
    for segment_match in [*_SEGMENT_RE.finditer(folded), None]:
        end = segment_match.start() if segment_match else len(folded)
        segment = folded[offset:end]
        segment_start = offset + (len(segment) - len(segment.lstrip()))
        segment = segment.strip()
        offset = segment_match.end() if segment_match else len(folded)
        if not segment:
            continue
        spaced_segment = spaced[segment_start:segment_start + len(segment)] if same_length else segment
        found = _rule_spans(segment)
        if not found:
            lead = _lead_before(segment, len(segment), spaced_segment)
            if lead is not None:
                previous_lead = lead
                previous_text = _lead_text(spaced_segment, segment, lead) if lead is not NOBODY else ""
            continue
        for rule, (start, stop) in found:
            lead = _lead_before(segment, start, spaced_segment)
            if lead is NOBODY:
                lead, lead_text = None, ""
            elif lead is None:
                # No subject of its own ("…; trường hợp kỳ họp chuyên đề, chậm nhất 10 ngày …"): the one before.
                if previous_lead is not None:
                    lead, lead_text = (None, "") if previous_lead is NOBODY else (previous_lead, previous_text)
                elif inherited_lead is not None:
                    lead, lead_text = inherited_lead, inherited_lead.text
                else:
                    lead_text = ""
            else:
                lead_text = _lead_text(spaced_segment, segment, lead)
            proposals.append(ProposedObligation(
                rule=rule,
                phrase=spaced_segment[start:stop] if same_length else segment[start:stop],
                lead=lead,
                cooperating=find_cooperating(segment, lead),
                deadline_code=find_deadline_code(f"{fold(context)} {segment}", rule),
                lead_text=lead_text,
                span=(segment_start + start, segment_start + stop),
            ))
            previous_lead, previous_text = (lead, lead_text) if lead is not None else (NOBODY, "")
    return proposals


def suggest_area_codes(title: str) -> list[str]:
    folded = fold(title)
    return list(dict.fromkeys(code for words, code in AREA_WORDS if words in folded))
