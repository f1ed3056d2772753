"""A number out of range is a form error naming the field (issue #10, finding 2).

`99999999999999999999999` in any multiple-choice field (supervision's rechecks, joint_bodies,
supervised_bodies, team_members; plan parties; resolution replaces; meeting deputies; article areas) gave 500
(OverflowError on SQLite). The integer ``in`` lookup now leaves out what the column cannot hold
(coordination/lookups.py), so every ModelMultipleChoiceField — the site's, the admin's, the filters' — says
the choice is not valid.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from coordination.models import AdministrativeUnit, Body
from plans.forms import PlanForm
from regulations.forms import ArticleForm
from sessions.forms import MissionForm, MissionTeamForm, RatingForm, ResolutionForm
from tests.sessions.factories import MissionFactory
from voters.forms import MeetingForm as VoterMeetingForm
from voters.forms import VisitForm
from voters.services import round_create

pytestmark = pytest.mark.django_db

HUGE = ["99999999999999999999999", "-99999999999999999999999", "9223372036854775808", "2147483648"]


def _forms(province, superuser):
    mission = MissionFactory(lead_body=province.standing)
    day = timezone.localdate() - timedelta(days=10)
    round_ = round_create(
        organiser=province.front, title="Đợt 1", timing="before", kind="general", starts_on=day, ends_on=day
    )
    return [
        (
            MissionForm,
            {"unit_id": province.unit.pk},
            ["joint_bodies", "supervised_bodies", "rechecks", "team_members"],
        ),
        (MissionTeamForm, {"mission": mission}, ["team_members"]),
        (PlanForm, {"user": superuser}, ["parties"]),
        (ResolutionForm, {"council": Body.objects.get(unit=province.unit, kind="council")}, ["replaces"]),
        (VoterMeetingForm, {"round_": round_}, ["deputies"]),
        (ArticleForm, {}, ["areas"]),
    ]


@pytest.mark.parametrize("value", HUGE)
def test_a_huge_id_in_any_multiple_choice_field_is_a_form_error_naming_the_field(province, superuser, value):
    for form_class, kwargs, fields in _forms(province, superuser):
        for name in fields:
            form = form_class(data={name: [value]}, **kwargs)
            assert not form.is_valid()
            assert name in form.errors, (form_class.__name__, name)
            message = " ".join(form.errors[name])
            assert "lựa chọn hợp lệ" in message or "Các bên: chỉ chọn" in message, (
                form_class.__name__,
                name,
                message,
            )


@pytest.mark.parametrize("value", HUGE)
def test_a_huge_count_is_a_form_error(province, value):
    rating = RatingForm(
        data={
            "total_members": value,
            "ballots_issued": "1",
            "valid_ballots": "1",
            "high": "0",
            "confidence": "0",
            "low": "0",
        },
        unit_id=province.unit.pk,
    )
    # Too large for any Council: the form; negative: the service explains it ("Số phiếu không được âm").
    assert ("total_members" in rating.errors) == (int(value) > 0)
    visit = VisitForm(data={"citizens": "Ông A", "citizen_count": value, "content": "Khiếu nại"})
    assert not visit.is_valid() and "citizen_count" in visit.errors


def test_the_lookup_matches_nothing_rather_than_failing(province):
    assert not AdministrativeUnit.objects.filter(pk__in=[int(HUGE[0]), -int(HUGE[0])]).exists()
    assert list(AdministrativeUnit.objects.filter(pk__in=[int(HUGE[0]), province.unit.pk])) == [province.unit]
