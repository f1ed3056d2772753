"""The reminder and digest mails, rendered in batches by the sweeps, stay byte for byte what they were when
each mail was rendered whole from its templates: subject, text and HTML bodies of a fixed fixture are compared
with the snapshots in ``mail_snapshots/`` (ids and the signed preferences token written as placeholders).

To write the snapshots again after a deliberate change of a mail: ``WRITE_MAIL_SNAPSHOTS=1 pytest <this>``,
and read the diff."""

import os
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from coordination.models import Membership, OutboxMessage, Person, Role
from coordination.services import digests_send, followup_open, reminders_sweep
from coordination.statutory_rules import DeadlineCode

pytestmark = pytest.mark.django_db

TODAY = date(2026, 5, 4)  # a Monday
MONDAY_8AM = datetime(2026, 5, 4, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
SNAPSHOTS = Path(__file__).parent / "mail_snapshots"


def _person(body, username, full_name, role=Role.STAFF):
    user = get_user_model().objects.create(
        username=username, email=f"{username}@example.vn", first_name=full_name.split()[-1],
        last_name=" ".join(full_name.split()[:-1]),
    )
    Membership.objects.create(user=user, body=body, role=role)
    Person.objects.create(full_name=full_name, user=user, email=user.email)
    return user


@pytest.fixture
def owed_items(province):
    staff = _person(province.committee, "snap_staff", "Nguyễn Văn <An> & \"Bình\"")
    _person(province.committee, "snap_leader", "Trần Thị Lãnh Đạo", role=Role.LEADER)
    responsible = Person.objects.get(user=staff)
    ids = {}
    for key, days, extra in [
        ("week", 7, {"responsible": responsible, "expected_result": "Tờ trình <đủ> & \"đúng\" hạn"}),
        ("tomorrow", 1, {"source": DeadlineCode.SUBMISSION_DUE.value}),
        ("today", 0, {"source": "Điều 12 Quy chế phối hợp"}),
        ("overdue", -3, {}),
        ("far", 20, {}),
    ]:
        ids[key] = followup_open(
            subject=None, title=f"Việc <{key}> & \"ngoặc\" — Gửi tờ trình", lead_body=province.committee,
            due_on=TODAY + timedelta(days=days), **extra,
        ).pk
    return staff, ids


def _normalized(message: OutboxMessage, ids: dict[str, int]) -> str:
    text = f"SUBJECT: {message.subject}\n--- TEXT\n{message.body_text}\n--- HTML\n{message.body_html}\n"
    for key, pk in ids.items():
        text = text.replace(f"/followups/{pk}/", f"/followups/<{key}>/")
    return re.sub(r"/followups/preferences/[^\s\"<]+", "/followups/preferences/<token>", text)


def _check(name: str, messages, ids) -> None:
    got = "".join(_normalized(m, ids) for m in messages)
    path = SNAPSHOTS / f"{name}.txt"
    if os.environ.get("WRITE_MAIL_SNAPSHOTS"):
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_reminders_and_escalation_are_the_mails_they_were(owed_items, language):
    staff, ids = owed_items
    with translation.override(language):
        reminders_sweep(today=TODAY)
    messages = OutboxMessage.objects.filter(recipient__username__startswith="snap_").order_by(
        "followup__due_on", "recipient__username"
    )
    assert messages.count() == 3 + 1  # the staff member for three steps, the leader for the overdue one
    _check(f"reminders-{language}", messages, ids)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_digest_is_the_mail_it_was(owed_items, language):
    staff, ids = owed_items
    with translation.override(language):
        digests_send(frequency="weekly", now=MONDAY_8AM)
    messages = OutboxMessage.objects.filter(
        kind=OutboxMessage.Kind.DIGEST, recipient__username__startswith="snap_"
    ).order_by("recipient__username")
    assert messages.count() == 2
    _check(f"digest-{language}", messages, ids)
