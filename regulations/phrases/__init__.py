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

One module per part: ``vocabulary`` (the words), ``deadlines`` (deadline patterns and rules), ``bodies``
(who is named, who leads, who cooperates), ``proposals`` (``propose_obligations``, areas).
"""

from .bodies import NOBODY, BodyMention, body_mentions, find_cooperating, find_lead
from .deadlines import ProposedRule, find_anchor, find_deadline_code
from .proposals import ProposedObligation, propose_obligations, suggest_area_codes
from .vocabulary import ANCHOR_WORDS, AREA_WORDS, BODY_ALIASES, DEADLINE_CODES, KINDS_BY_KIND

__all__ = [
    "ANCHOR_WORDS",
    "AREA_WORDS",
    "BODY_ALIASES",
    "DEADLINE_CODES",
    "KINDS_BY_KIND",
    "NOBODY",
    "BodyMention",
    "ProposedObligation",
    "ProposedRule",
    "body_mentions",
    "find_anchor",
    "find_cooperating",
    "find_deadline_code",
    "find_lead",
    "propose_obligations",
    "suggest_area_codes",
]
