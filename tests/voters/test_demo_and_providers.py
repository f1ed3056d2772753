from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from coordination.models import FollowUp
from coordination.providers import collect_calendar_events, collect_figures
from voters.models import (
    DenouncerIdentity,
    IdentityAccessLog,
    Letter,
    MergeProposal,
    Opinion,
    Petition,
    PetitionStatus,
    ReceptionDay,
    ReceptionVisit,
    VoterContactRound,
    VoterMeeting,
)

pytestmark = pytest.mark.django_db
MODELS = [
    VoterContactRound,
    VoterMeeting,
    Opinion,
    Petition,
    MergeProposal,
    ReceptionDay,
    ReceptionVisit,
    Letter,
    DenouncerIdentity,
    IdentityAccessLog,
    FollowUp,
]


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())


def test_load_demo_twice_changes_nothing(demo):
    before = {m.__name__: m.objects.count() for m in MODELS}
    call_command("load_demo", stdout=StringIO())
    assert {m.__name__: m.objects.count() for m in MODELS} == before


def test_the_demo_has_what_the_issue_asks_for(demo):
    assert VoterContactRound.objects.count() == 2
    # Each round is tied to the Council session the sessions demo scheduled (after the 2nd, before the 3rd).
    assert sorted(VoterContactRound.objects.values_list("council_session__number", flat=True)) == [2, 3]
    assert VoterMeeting.objects.count() >= 40
    assert sum(VoterMeeting.objects.values_list("voters_attending", flat=True)) >= 4000
    assert set(Petition.objects.values_list("status", flat=True)) == set(PetitionStatus.values)
    assert Petition.objects.filter(is_recurring=True).exists()
    assert set(Letter.objects.values_list("kind", flat=True)) == {
        "complaint",
        "denunciation",
        "recommendation",
        "report",
    }
    assert MergeProposal.objects.filter(status="proposed").exists()


def test_only_tiepdan_sees_the_demo_denouncer(demo, client):
    User = get_user_model()
    letter = Letter.objects.get(kind="denunciation")
    url = reverse("voters:letter_detail", args=[letter.pk])
    client.force_login(User.objects.get(username="thuongtruc"))
    assert client.post(url, {"reason": "xem"}).status_code == 403
    assert "Phạm Văn Tố" not in client.get(url).content.decode()
    client.force_login(User.objects.get(username="tiepdan"))
    assert "Phạm Văn Tố" in client.post(url, {"reason": "Xử lý đơn"}).content.decode()


def test_figures_and_calendar_events(demo):
    from coordination.models import AdministrativeUnit

    today = timezone.localdate()
    unit_ids = set(AdministrativeUnit.objects.values_list("pk", flat=True))
    figures = {
        f.key: f for f in collect_figures(unit_ids=unit_ids, start=today - timedelta(days=365), end=today)
    }
    assert figures["voter_rounds"].value == 2
    assert figures["voter_meeting_points"].value == VoterMeeting.objects.count()
    assert figures["voters_attending"].value >= 4000
    assert sum(n for _, n in figures["letters_by_kind"].breakdown) == 4
    assert figures["letters_on_time"].value >= 1
    assert dict(figures["petitions_by_category"].breakdown)
    user = get_user_model().objects.get(username="thuongtruc")
    events = collect_calendar_events(
        user=user, start=today - timedelta(days=200), end=today + timedelta(days=40)
    )
    uids = {e.uid.split("-")[0] for e in events}
    assert {"reception", "voter"} <= uids
    outsider = get_user_model().objects.create_user("nobody")
    assert not [
        e
        for e in collect_calendar_events(user=outsider, start=today - timedelta(days=200), end=today)
        if e.uid.startswith(("reception", "voter"))
    ]
