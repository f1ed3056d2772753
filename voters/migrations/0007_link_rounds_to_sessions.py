"""Link the rounds recorded with a session typed as text ("Kỳ họp thứ 3", "Kỳ họp thứ hai, HĐND tỉnh khóa XI")
to that Council session of their own unit, in the term the round took place in. A label that names no
number, or a number with no such session, is left as it is (it stays the displayed text)."""

import re
from datetime import date

from django.db import migrations

from coordination.text import fold

DIGITS = {"nhat": 1, "mot": 1, "hai": 2, "ba": 3, "tu": 4, "bon": 4, "nam": 5, "lam": 5, "sau": 6, "bay": 7, "tam": 8,
          "chin": 9}
ORDINAL = re.compile(r"ky hop thu (\d+|[a-z ]+)")


def session_number(label: str) -> int | None:
    """The N of "Kỳ họp thứ N", in figures or in words (thứ hai, thứ mười lăm, thứ hai mươi mốt)."""
    found = ORDINAL.search(fold(label))
    if found is None:
        return None
    text = found.group(1).strip()
    if text.isdigit():
        return int(text)
    words = text.split()
    if words[0] == "muoi":
        tens, rest = 1, words[1:]
    elif words[0] in DIGITS and words[1:2] == ["muoi"]:
        tens, rest = DIGITS[words[0]], words[2:]
    else:
        return DIGITS.get(words[0])
    return tens * 10 + (DIGITS.get(rest[0], 0) if rest else 0)


def link_rounds(apps, schema_editor):
    VoterContactRound = apps.get_model("voters", "VoterContactRound")
    Term = apps.get_model("coordination", "Term")
    Session = apps.get_model("council_sessions", "Session")
    for round_ in VoterContactRound.objects.filter(council_session__isnull=True).exclude(session_label=""):
        number = session_number(round_.session_label)
        term = next((t for t in Term.objects.filter(unit_id=round_.unit_id).order_by("-start_year")
                     if (t.elected_on or date(t.start_year, 1, 1)) <= round_.starts_on), None)
        if number is None or term is None:
            continue
        sessions = list(Session.objects.filter(council__unit_id=round_.unit_id, term=term, number=number)[:2])
        if len(sessions) == 1:
            round_.council_session = sessions[0]
            round_.save(update_fields=["council_session"])


class Migration(migrations.Migration):

    dependencies = [
        ("coordination", "0007_followup_covering_index"),
        ("council_sessions", "0005_submission_reviewed_on"),
        ("voters", "0006_round_council_session"),
    ]

    operations = [migrations.RunPython(link_rounds, migrations.RunPython.noop)]
