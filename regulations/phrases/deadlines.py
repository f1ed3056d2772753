"""Deadline patterns (folded text): the rules one sentence states, with the span of each phrase."""

import math
import re
from dataclasses import dataclass

from coordination.models import DayUnit, DeadlineAnchor, DeadlineRule

from .vocabulary import ANCHOR_WORDS, DEADLINE_CODES

_RELATIVE_RE = re.compile(
    r"(?:\b(?P<lead>cham nhat la|cham nhat sau|cham nhat|truoc it nhat|it nhat|som nhat|trong thoi han|trong "
    r"vong|"
    r"trong thoi gian khong qua|trong thoi gian|trong|khong qua|toi da|truoc|sau) )?\b(?P<n>\d{1,3}) "
    r"(?P<unit>ngay lam viec|ngay|gio|tuan|thang)\b,?(?: (?P<dir>truoc|ke tu|tinh tu|sau|so voi)(?: khi| "
    r"ngay)?\b(?=(?P<rest>.{0,90})))?"
)
_AT_HOUR_RE = re.compile(
    r"\btruoc (?P<h>\d{1,2}) gio(?: \d{1,2}(?: phut)?)?(?P<after> ngay (?P<work>lam viec )?(?:lien "
    r")?truoc\b(?P<rest>.{0,80}))?"
)
_MONTHLY_RE = re.compile(r"\b(hang thang|moi thang(?: mot lan)?|dinh ky hang thang)\b")
_MONTH_DAY_RE = re.compile(
    r"\b(?:truoc|cham nhat(?: la)?(?: vao)?|vao|truoc hoac vao|den|trong) ngay (\d{1,2})\b(?! (?:thang|cua "
    r"thang)| ?/ ?\d)"
)
_DAY_EACH_MONTH_RE = re.compile(r"\bngay (\d{1,2}) (?:hang|moi) thang\b")
_QUARTERLY_RE = re.compile(
    r"\b(hang quy|moi quy(?: mot lan)?|quy mot lan|dinh ky hang quy|0?3 thang mot lan)\b"
)
_EVERY_N_RE = re.compile(
    r"\b(?:dinh ky (?P<a>\d{1,2}) thang(?: mot lan)?|(?P<b>\d{1,2}) thang (?:mot lan|/ ?lan)|nua nam mot "
    r"lan)\b"
)
_YEARLY_DATE_RE = re.compile(
    r"\b(?:truoc|cham nhat(?: la)?(?: vao)?|vao|den|truoc hoac vao) ngay (?P<d>\d{1,2})(?: thang "
    r"|/|-)(?P<m>\d{1,2})\b"
    r"(?!(?: nam| ?/ ?| ?- ?)\d)"
)
_YEARLY_MARK_RE = re.compile(r"\b(hang nam|moi nam(?: mot lan)?|nam mot lan|dinh ky hang nam)\b")
_BARE_YEARLY_RE = re.compile(
    r"(?:^(?:dinh ky )?hang nam,|\bdinh ky hang nam\b|\bmoi nam mot lan\b|\bnam mot lan\b)"
)
_DURATION_BEFORE_RE = re.compile(
    r"(keo dai|dien ra|thoi gian(?: cong tac| hop)?(?: cua [a-z ]{0,20})?|hop trong|lam viec trong)\s*$"
)

_NUMBER_WORD_RE = re.compile(
    r"\b((?:một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)(?: "
    r"(?:mươi|mốt|một|hai|ba|bốn|tư|năm|lăm|sáu|bảy|tám|chín))*) "
    r"(?=(?:ngày|giờ|tuần|tháng)\b)",
    re.IGNORECASE,
)
_PAREN_NUMBER_RE = re.compile(r"(\d{1,3}) ?\([^()\d]{2,25}\) ?(?=(?:ngày|giờ|tuần|tháng)\b)", re.IGNORECASE)


def _words_to_number(words: str) -> int | None:
    """"mười lăm" → 15, "hai mươi" → 20, "năm" → 5, "ba mươi mốt" → 31."""
    values = {
        "một": 1,
        "mốt": 1,
        "hai": 2,
        "ba": 3,
        "bốn": 4,
        "tư": 4,
        "năm": 5,
        "lăm": 5,
        "sáu": 6,
        "bảy": 7,
        "tám": 8,
        "chín": 9,
    }
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

    MODEL_FIELDS = (
        "rule_kind",
        "anchor",
        "direction",
        "amount",
        "day_unit",
        "day_of_month",
        "month",
        "every_months",
    )

    def as_fields(self) -> dict:
        """The DeadlineRule fields an Obligation stores."""
        return {name: getattr(self, name) for name in self.MODEL_FIELDS}

    def label(self) -> str:
        """The corpus label: rel:20:before:session_opening, rel:3w:after:receipt, monthly:25, every:6,
        yearly:15/11."""
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


_ANCHOR_RES = [(re.compile(rf"\b{re.escape(words)}\b"), words, anchor) for words, anchor in ANCHOR_WORDS]


def find_anchor(rest: str) -> str:
    best = None
    for pattern, words, anchor in _ANCHOR_RES:
        match = pattern.search(rest)
        if match and (
            best is None or match.start() < best[0] or (match.start() == best[0] and len(words) > best[1])
        ):
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
    monthly = (
        [m for m in _MONTHLY_RE.finditer(folded)]
        if not quarterly
        else [
            m
            for m in _MONTHLY_RE.finditer(folded)
            if not any(q.start() <= m.start() < q.end() for q in quarterly)
        ]
    )
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
        after = [
            (r, s) for r, s in found if s[0] >= span[1] - 1 and s[0] - span[1] <= 12 and r.at_hour is None
        ]
        if after:
            after[0][0].at_hour = hour
        elif not any(r.at_hour == hour and s[0] <= span[0] <= s[1] for r, s in found) and free(span) \
                and not re.search(r"\b(hang tuan|moi tuan|hang ngay|moi ngay)\b", folded):
            add(ProposedRule(direction=DeadlineRule.Direction.BEFORE, amount=0, at_hour=hour,
                             anchor=find_anchor(folded)), span)
    return sorted(found, key=lambda pair: pair[1][0])


def _phrase_end(folded: str, match: re.Match) -> int:
    """Where a relative phrase ends: after the event it counts from ("… trước ngày khai mạc kỳ họp thường
    lệ"), at the next comma, semicolon, "và" or the next deadline."""
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
    if unit == "thang" and (
        re.match(r" ?(mot lan|/ ?lan)", folded[match.end("unit") :]) or before.endswith("dinh ky ")
    ):
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
        rule.direction = (
            DeadlineRule.Direction.BEFORE if direction == "truoc" else DeadlineRule.Direction.AFTER
        )
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
    if lead in (
        "trong thoi han",
        "trong vong",
        "cham nhat",
        "cham nhat la",
        "cham nhat sau",
        "trong thoi gian khong qua",
    ) or (lead == "trong" and unit == "gio"):
        return rule
    return None


def find_deadline_code(context: str, rule: ProposedRule) -> str:
    if rule.rule_kind != DeadlineRule.Kind.RELATIVE:
        return ""
    for code, anchor, words in DEADLINE_CODES:
        if rule.anchor == anchor and all(w in context for w in words):
            return code
    return ""
