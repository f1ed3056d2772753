"""Every model of the app is in the Django admin with working lists and searches."""

import pytest
from django.contrib import admin
from django.urls import reverse

from sessions import models


@pytest.mark.parametrize("model", [m for m in admin.site._registry if m._meta.app_label == "council_sessions"],
                         ids=lambda m: m.__name__)
def test_each_admin_list_opens_and_searches(model, client, superuser, mission, session):
    client.force_login(superuser)
    url = reverse(f"admin:council_sessions_{model._meta.model_name}_changelist")
    assert client.get(url).status_code == 200
    assert client.get(url, {"q": "dat dai"}).status_code == 200


def test_every_model_is_registered():
    registered = {m for m in admin.site._registry if m._meta.app_label == "council_sessions"}
    domain = {models.Session, models.StandingMeeting, models.AgendaItem, models.Submission, models.SubmissionDocument,
              models.Resolution,
              models.Question, models.Commitment, models.RatingThreshold, models.ConfidenceRating,
              models.SupervisionMission, models.Recommendation}
    assert domain <= registered
