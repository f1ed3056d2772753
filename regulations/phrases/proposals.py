"""Proposing obligations: every deadline one provision states, each with its own lead; areas from a title."""

import re
from dataclasses import dataclass, field

from coordination.text import fold, to_nfc

from .bodies import NOBODY, BodyMention, _lead_before, _lead_text, find_cooperating
from .deadlines import ProposedRule, _normalise_numbers, _rule_spans, find_deadline_code
from .vocabulary import AREA_WORDS

_SEGMENT_RE = re.compile(r";|\.(?= |$)|\n")


@dataclass
class ProposedObligation:
    rule: ProposedRule
    phrase: str
    lead: BodyMention | None = None
    cooperating: list[BodyMention] = field(default_factory=list)
    deadline_code: str = ""
    lead_text: str = ""  # the lead as written ("Sở Tài chính", "Văn phòng HĐND và UBND xã")
    span: tuple[int, int] = (0, 0)


def propose_obligations(
    text: str, *, context: str = "", inherited_lead: BodyMention | None = None
) -> list[ProposedObligation]:
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
                # No subject of its own ("…; trường hợp kỳ họp chuyên đề, chậm nhất 10 ngày …"): the one
                # before.
                if previous_lead is not None:
                    lead, lead_text = (
                        (None, "") if previous_lead is NOBODY else (previous_lead, previous_text)
                    )
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
