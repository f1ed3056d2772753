"""Recognising obligations in the words of a regulation: deadline phrases, lead and cooperating bodies.

Everything works on folded text (coordination.text.fold: lowercase, no diacritics, single spaces),
so NFD input, "đ"/"d" and capitalisation do not matter. What is recognised is only a proposal: a
person confirms or edits each obligation before it overrides the law's default.
"""

import re
from dataclasses import dataclass, field

from coordination.models import BodyKind, DayUnit, DeadlineAnchor, DeadlineRule
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
        ("btt ubmttq", BodyKind.FRONT_BOARD),
        ("uy ban mat tran to quoc", BodyKind.FRONT_BOARD),
        ("ubmttq", BodyKind.FRONT_BOARD),
        ("uy ban nhan dan", BodyKind.PEOPLES_COMMITTEE),
        ("ubnd", BodyKind.PEOPLES_COMMITTEE),
        ("cac ban cua hoi dong nhan dan", BodyKind.COUNCIL_COMMITTEE),
        ("cac ban cua hdnd", BodyKind.COUNCIL_COMMITTEE),
        ("cac ban hdnd", BodyKind.COUNCIL_COMMITTEE),
    ],
    key=lambda pair: -len(pair[0]),
)
_BODY_RE = re.compile(r"\b(" + "|".join(re.escape(alias) for alias, _ in BODY_ALIASES) + r")\b")
_KIND_BY_ALIAS = dict(BODY_ALIASES)

# The event a relative deadline counts from, recognised from the words after "trước"/"kể từ".
ANCHOR_WORDS: list[tuple[str, str]] = [
    ("khai mac", DeadlineAnchor.SESSION_OPENING),
    ("be mac", DeadlineAnchor.SESSION_CLOSING),
    ("ket thuc dot tiep xuc cu tri", DeadlineAnchor.ROUND_END),
    ("ket thuc", DeadlineAnchor.ACTIVITY_END),
    ("quyet dinh", DeadlineAnchor.DECISION),
    ("nhan", DeadlineAnchor.RECEIPT),
    ("ngay trinh", DeadlineAnchor.SUBMISSION),
    ("truc tiep", DeadlineAnchor.VISIT),
    ("hoi nghi", DeadlineAnchor.MEETING),
    ("phien", DeadlineAnchor.MEETING),
    ("cuoc hop", DeadlineAnchor.MEETING),
]

# Which statutory deadline a phrase restates: (code, anchor it needs, words that must all occur).
# Checked in order, the most specific first; the words are searched in the article title + clause.
DEADLINE_CODES: list[tuple[str, str, tuple[str, ...]]] = [
    ("joint_meeting", DeadlineAnchor.SESSION_OPENING, ("lien tich",)),
    ("review_report_due", DeadlineAnchor.SESSION_OPENING, ("bao cao tham tra",)),
    ("submission_due", DeadlineAnchor.SESSION_OPENING, ("to trinh",)),
    ("petition_result_report", DeadlineAnchor.SESSION_OPENING, ("ket qua giai quyet kien nghi",)),
    ("front_petition_report", DeadlineAnchor.SESSION_OPENING, ("kien nghi cua cu tri",)),
    ("petition_compile", DeadlineAnchor.ROUND_END, ("tong hop",)),
    ("petition_answer", DeadlineAnchor.RECEIPT, ("tra loi kien nghi",)),
    ("recommendation_answer", DeadlineAnchor.RECEIPT, ("kien nghi sau giam sat",)),
    ("supervision_notify", DeadlineAnchor.DECISION, ("giam sat",)),
    ("supervision_programme", DeadlineAnchor.VISIT, ("giam sat",)),
    ("supervision_report", DeadlineAnchor.ACTIVITY_END, ("giam sat",)),
    ("social_criticism", DeadlineAnchor.RECEIPT, ("phan bien",)),
    ("written_answer", DeadlineAnchor.RECEIPT, ("chat van",)),
    ("between_sessions_reply", DeadlineAnchor.RECEIPT, ("giua hai ky hop",)),
    ("explanation_notice", DeadlineAnchor.MEETING, ("giai trinh",)),
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

_NUMBER = r"(\d{1,3})"
_RELATIVE_RE = re.compile(r"(?:(?:cham nhat|trong thoi han|trong vong|truoc it nhat) )?" + _NUMBER + r" ngay( lam viec)? (truoc|ke tu|tinh tu|sau) (.{0,80})")
_MONTHLY_RE = re.compile(r"(?:hang thang\b.*?(?:truoc|cham nhat) ngay (\d{1,2})\b)|(?:ngay (\d{1,2}) hang thang)")
_EVERY_N_RE = re.compile(r"dinh ky (\d{1,2}) thang")
_QUARTERLY_RE = re.compile(r"hang quy")
_YEARLY_RE = re.compile(r"cham nhat ngay (\d{1,2}) thang (\d{1,2})")
_LEAD_RE = re.compile(r"\bchu tri\b")
_COOPERATE_RE = re.compile(r"\bphoi hop voi\b")
# A clause that opens with a time phrase names its subject after the first comma.
_LEADING_TIME_RE = re.compile(r"^(trong thoi han|han|hang thang|hang nam|hang quy|dinh ky|cham nhat|truong hop)[^,]*, ")


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

    def as_fields(self) -> dict:
        return dict(self.__dict__)


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


def body_mentions(folded: str) -> list[BodyMention]:
    return [BodyMention(_KIND_BY_ALIAS[m.group(1)], m.group(1), m.start(), m.end()) for m in _BODY_RE.finditer(folded)]


def find_rule(folded: str) -> tuple[ProposedRule, tuple[int, int]] | None:
    """The deadline a (folded) sentence states and the span of the phrase it was read from, or None."""
    if match := _YEARLY_RE.search(folded):
        day, month = int(match.group(1)), int(match.group(2))
        if 1 <= day <= 31 and 1 <= month <= 12:
            return ProposedRule(rule_kind=DeadlineRule.Kind.YEARLY, day_of_month=day, month=month), match.span()
    if match := _MONTHLY_RE.search(folded):
        day = int(match.group(1) or match.group(2))
        if 1 <= day <= 31:
            return ProposedRule(rule_kind=DeadlineRule.Kind.MONTHLY, day_of_month=day), match.span()
    if match := _RELATIVE_RE.search(folded):
        amount, working, word, rest = match.groups()
        anchor = next((a for words, a in ANCHOR_WORDS if words in rest), "")
        if anchor:
            rule = ProposedRule(
                anchor=anchor,
                direction=DeadlineRule.Direction.BEFORE if word == "truoc" else DeadlineRule.Direction.AFTER,
                amount=int(amount),
                day_unit=DayUnit.WORKING if working else DayUnit.CALENDAR,
            )
            phrase = re.split(r"[,;]", match.group(0))[0]
            return rule, (match.start(), match.start() + len(phrase))
    if match := _EVERY_N_RE.search(folded):
        return ProposedRule(rule_kind=DeadlineRule.Kind.EVERY_N_MONTHS, every_months=int(match.group(1))), match.span()
    if match := _QUARTERLY_RE.search(folded):
        return ProposedRule(rule_kind=DeadlineRule.Kind.EVERY_N_MONTHS, every_months=3), match.span()
    return None


def find_lead(folded: str) -> BodyMention | None:
    """The body that leads: the one named before "chủ trì", else the subject of the sentence."""
    mentions = body_mentions(folded)
    if not mentions:
        return None
    if lead_word := _LEAD_RE.search(folded):
        before = [m for m in mentions if m.end <= lead_word.start()]
        if before:
            return before[-1]
    subject_at = (m.end() if (m := _LEADING_TIME_RE.match(folded)) else 0)
    first = mentions[0] if mentions[0].start >= subject_at else next((m for m in mentions if m.start >= subject_at), None)
    # Only a body that opens the sentence is its subject ("UBND gửi …"), not one named further on.
    return first if first is not None and first.start - subject_at <= 4 else None


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
        if lead is None or mention.kind != lead.kind:
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


def propose_obligation(text: str, *, context: str = "", inherited_lead: BodyMention | None = None) -> ProposedObligation | None:
    """An obligation proposed from one provision's text, or None when it states no deadline.

    ``context`` (the article title) helps recognise the statutory code; ``inherited_lead`` is the
    lead of the clause a point belongs to ("UBND có trách nhiệm: … b) Cung cấp tài liệu …").
    """
    folded = fold(text)
    found = find_rule(folded)
    if found is None:
        return None
    rule, (start, end) = found
    # Folding keeps one character per NFC character, so the span also cuts the original words out.
    spaced = " ".join(to_nfc(text).split())
    phrase = spaced[start:end] if len(spaced) == len(folded) else folded[start:end]
    lead = find_lead(folded) or inherited_lead
    return ProposedObligation(
        rule=rule,
        phrase=phrase,
        lead=lead,
        cooperating=find_cooperating(folded, lead),
        deadline_code=find_deadline_code(f"{fold(context)} {folded}", rule),
    )


def suggest_area_codes(title: str) -> list[str]:
    folded = fold(title)
    return list(dict.fromkeys(code for words, code in AREA_WORDS if words in folded))
