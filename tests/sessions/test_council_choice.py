"""An officer who manages several Councils picks the one they work for; a unit without a Standing
Committee gets an explanation, never a 500."""

from datetime import date

import pytest
from django.urls import reverse

from coordination.models import BodyKind, Role
from sessions.models import Session, StandingMeeting, SupervisionMission
from tests.factories import BodyFactory, MembershipFactory, UnitFactory


@pytest.fixture
def two_councils(staff_a, province, other_province):
    """staff_a also works for the Standing Committee of Lạng Giang."""
    MembershipFactory(user=staff_a, body=other_province.standing, role=Role.STAFF)
    return province.standing.parent, other_province.standing.parent


@pytest.mark.parametrize("name", ["session_create", "meeting_create", "mission_create"])
def test_an_officer_of_two_councils_is_asked_which_one_first(name, login, staff_a, two_councils):
    html = login(staff_a).get(reverse(f"council_sessions:{name}")).content.decode()
    assert "Chọn Hội đồng nhân dân" in html
    assert "HĐND Hòa Phong" in html and "HĐND Lạng Giang" in html


@pytest.mark.parametrize("name", ["session_create", "meeting_create", "mission_create"])
def test_a_council_the_officer_does_not_manage_cannot_be_chosen(name, login, staff_a, two_councils):
    stranger = BodyFactory(unit=UnitFactory(name="Bắc Sơn"), kind=BodyKind.COUNCIL, name="HĐND Bắc Sơn")
    response = login(staff_a).get(reverse(f"council_sessions:{name}"), {"council": stranger.pk})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Chọn Hội đồng nhân dân" in html and "Hội đồng nhân dân" in html and "HĐND Bắc Sơn" not in html


def test_a_session_is_scheduled_for_the_chosen_council(login, staff_a, two_councils, other_province):
    _, lang_giang = two_councils
    url = reverse("council_sessions:session_create") + f"?council={lang_giang.pk}"
    client = login(staff_a)
    assert "Lên lịch kỳ họp — HĐND Lạng Giang" in client.get(url).content.decode()
    response = client.post(
        url, {"number": 3, "kind": "regular", "planned_open": "2026-12-08", "planned_close": "2026-12-10"}
    )
    assert response.status_code == 302
    session = Session.objects.get()
    assert (session.council, session.term) == (lang_giang, other_province.term)


def test_a_meeting_goes_to_the_chosen_councils_standing_committee(
    login, staff_a, two_councils, other_province
):
    _, lang_giang = two_councils
    url = reverse("council_sessions:meeting_create") + f"?council={lang_giang.pk}"
    response = login(staff_a).post(
        url,
        {
            "kind": "monthly",
            "title": "Phiên họp tháng 6",
            "held_on": "2026-06-10",
            "attending_bodies": [other_province.committee.pk],
        },
    )
    assert response.status_code == 302
    assert StandingMeeting.objects.get().standing == other_province.standing


def test_a_mission_lists_the_bodies_of_the_chosen_council_and_is_led_there(
    login, staff_a, two_councils, province, other_province
):
    _, lang_giang = two_councils
    url = reverse("council_sessions:mission_create") + f"?council={lang_giang.pk}"
    client = login(staff_a)
    offered = client.get(url).context["form"].fields["lead_body"].queryset
    assert other_province.standing in offered and province.standing not in offered
    client.post(
        url,
        {
            "kind": "supervision",
            "lead_body": other_province.standing.pk,
            "decision_number": "12/QĐ-TTHĐND",
            "decision_date": "2026-05-04",
            "subject": "Giám sát đất đai",
            "supervised_bodies": [other_province.agency.pk],
            "visit_start": "2026-06-01",
            "visit_end": "2026-06-05",
        },
    )
    assert SupervisionMission.objects.get().lead_body == other_province.standing
    # A body of the other council is not a choice here.
    refused = client.post(url, {
        "kind": "supervision", "lead_body": province.standing.pk, "decision_number": "13/QĐ-TTHĐND",
        "decision_date": "2026-05-04", "subject": "Giám sát", "supervised_bodies": [other_province.agency.pk],
        "visit_start": "2026-06-01", "visit_end": "2026-06-05",
    })
    assert refused.status_code == 400 and SupervisionMission.objects.count() == 1


def test_a_council_without_a_standing_committee_is_explained_not_a_500(login, superuser, db):
    unit = UnitFactory(name="Bắc Sơn")
    BodyFactory(unit=unit, kind=BodyKind.COUNCIL, name="HĐND Bắc Sơn")
    BodyFactory(
        unit=unit, kind=BodyKind.COUNCIL_STANDING, name="Thường trực khóa trước", active_to=date(2025, 12, 31)
    )
    response = login(superuser).post(reverse("council_sessions:meeting_create"), {
        "kind": "monthly", "title": "Phiên họp tháng 6", "held_on": "2026-06-10",
    })
    assert response.status_code == 400
    assert (
        "HĐND Bắc Sơn chưa có Thường trực HĐND đang hoạt động; quản trị viên cần khai báo trước."
        in response.content.decode()
    )
    assert not StandingMeeting.objects.exists()
