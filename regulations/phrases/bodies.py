"""The bodies a provision names: known bodies and other named ones, the lead, the cooperating bodies."""

import re
from dataclasses import dataclass

from coordination.models import BodyKind

from .vocabulary import (
    _ADMIN_WORDS,
    _BODY_RE,
    _KIND_BY_ALIAS,
    _OTHER_SUBJECT_RE,
    _PERSON_RE,
    _VERB_AFTER_RE,
    _VERBS,
    KINDS_BY_KIND,
)

_LEADING_TIME_RE = re.compile(
    r"^(?:(?:trong thoi han|trong vong|trong|truoc|sau|vao|han|hang thang|hang nam|hang quy|moi|dinh ky|cham "
    r"nhat|"
    r"truong hop|khi|ke tu|tinh tu)\b[^,]*, )+"
)
_LEAD_RE = re.compile(r"\bchu tri\b")
_COOPERATE_RE = re.compile(r"\bphoi hop voi\b")
_RECIPIENT_BEFORE_RE = re.compile(r"\b(den|cho|voi|toi|ve)\b[^,;]{0,60}$")


@dataclass
class BodyMention:
    kind: str
    text: str  # the words as folded, e.g. "thuong truc hdnd"
    start: int
    end: int


def body_mentions(folded: str) -> list[BodyMention]:
    return [
        BodyMention(_KIND_BY_ALIAS[m.group(1)], m.group(1), m.start(), m.end())
        for m in _BODY_RE.finditer(folded)
    ]


def _subjects(folded: str, original: str = "") -> list[BodyMention]:
    """Known bodies and other named bodies ("Sở Nội vụ", "cơ quan chịu sự giám sát"), in order, not
    overlapping. ``original`` (the same text unfolded) tells "Sở" (a department) from "hồ sơ" (a file)."""
    found = body_mentions(folded)
    taken = [(m.start, m.end) for m in found]
    for match in _OTHER_SUBJECT_RE.finditer(folded):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        if (
            match.group(1).startswith("so ")
            and original
            and not original[match.start() : match.start() + 1].isupper()
        ):
            continue
        found.append(
            BodyMention(
                BodyKind.AGENCY if match.group(1).startswith(("so ", "cac so")) else BodyKind.OTHER,
                match.group(1),
                match.start(),
                match.end(),
            )
        )
    return sorted(found, key=lambda m: m.start)


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
        if _PERSON_RE.match(rest) and _VERB_AFTER_RE.match(
            rest.split(" ", 3)[-1] if rest.count(" ") >= 3 else rest
        ):
            lead = NOBODY
            continue
        mention = next((m for m in subjects if m.start == start), None)
        # Its own clause only when the one before has its verb ("A thông báo …, B gửi …"), not "A, B phối
        # hợp".
        has_verb = any(re.search(rf"\b{verb}\b", folded[first_end:match.start()]) for verb in _VERBS)
        if (
            mention is not None
            and has_verb
            and _VERB_AFTER_RE.match(folded[mention.end : position].strip() + " ")
        ):
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

