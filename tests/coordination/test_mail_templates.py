"""A mail's subject is a template beside its bodies, so it is translated with them."""

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation

from coordination.services import digests_send, followup_open, reminders_sweep

pytestmark = pytest.mark.django_db

TODAY = date(2026, 5, 4)  # a Monday
MONDAY_8AM = datetime(2026, 5, 4, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
EMAILS = Path(settings.BASE_DIR) / "templates" / "emails"


def owed(body, *, due_on, title="Gửi tờ trình kỳ họp giữa năm"):
    return followup_open(subject=None, title=title, lead_body=body, due_on=due_on)


def test_every_mail_has_its_subject_and_text_body_side_by_side():
    names = {path.name.rsplit("-", 1)[0] for path in EMAILS.glob("*-*.*")}
    assert names == {
        "coordination_reminder", "coordination_digest", "coordination_nudge", "coordination_comment",
        "coordination_reassigned", "outbox_alert", "session_moved",
    }
    for name in names:
        assert (EMAILS / f"{name}-subject.txt").exists() and (EMAILS / f"{name}-body.txt").exists(), name


def test_a_reminder_sent_in_english_has_an_english_subject_and_body(province, staff_b, committed):
    followup = owed(province.committee, due_on=TODAY + timedelta(days=7))
    with translation.override("en"), committed():
        assert reminders_sweep(today=TODAY) == 1
    message = mail.outbox[0]
    assert message.subject == f"[7 days left] {followup.title}"
    assert "The following item is due in 7 days:" in message.body
    assert "Lead body: " in message.body
    assert "Due in 7 days" in message.alternatives[0][0]


def test_a_digest_sent_in_english_counts_in_english(province, staff_b, committed):
    owed(province.committee, due_on=TODAY - timedelta(days=2), title="Việc quá hạn")
    owed(province.committee, due_on=TODAY + timedelta(days=3), title="Việc trong tuần")
    with translation.override("en"), committed():
        assert digests_send(frequency="weekly", now=MONDAY_8AM) == 1
    message = mail.outbox[0]
    assert message.subject == "Phối hợp — follow-up digest (1 overdue, 1 coming due)"
    assert "OVERDUE (1 item)" in message.body and "DUE THIS WEEK (1 item)" in message.body
    assert "Change your preferences or unsubscribe" in message.alternatives[0][0]
