"""Every model of the app is in the Django admin with working lists and searches."""

import pytest
from django.contrib import admin
from django.urls import reverse

from sessions import models


@pytest.mark.parametrize(
    "model",
    [m for m in admin.site._registry if m._meta.app_label == "council_sessions"],
    ids=lambda m: m.__name__,
)
def test_each_admin_list_opens_and_searches(model, client, superuser, mission, session):
    client.force_login(superuser)
    url = reverse(f"admin:council_sessions_{model._meta.model_name}_changelist")
    assert client.get(url).status_code == 200
    assert client.get(url, {"q": "dat dai"}).status_code == 200


def test_every_model_is_registered():
    registered = {m for m in admin.site._registry if m._meta.app_label == "council_sessions"}
    domain = {
        models.Session,
        models.StandingMeeting,
        models.AgendaItem,
        models.Submission,
        models.SubmissionDocument,
        models.Resolution,
        models.Question,
        models.Commitment,
        models.RatingThreshold,
        models.ConfidenceRating,
        models.SupervisionMission,
        models.Recommendation,
    }
    assert domain <= registered


def test_the_admin_edits_the_team_through_the_service_that_grants_the_permission(
    client, superuser, mission, province, outsider, staff_b
):
    from sessions import services

    services.mission_set_team(mission=mission, users=[staff_b])
    client.force_login(superuser)
    url = reverse("admin:council_sessions_supervisionmission_change", args=[mission.pk])
    response = client.post(url, {
        "kind": "supervision", "lead_body": province.standing.pk, "decision_number": mission.decision_number,
        "decision_date": "2026-05-04", "subject": mission.subject, "supervised_bodies": [province.agency.pk],
        "joint_bodies": [province.council_committee.pk], "team_members": [outsider.pk],
        "visit_start": "2026-06-01", "visit_end": "2026-06-05",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    fresh = type(outsider).objects.get
    assert list(mission.team_members.all()) == [outsider]
    assert fresh(pk=outsider.pk).has_perm("council_sessions.view_supervisionmission", mission)
    assert not fresh(pk=staff_b.pk).has_perm("council_sessions.view_supervisionmission", mission)
