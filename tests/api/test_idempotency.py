"""``Idempotency-Key`` on a POST: a retry gets the first answer back and nothing is done twice."""

from django.urls import reverse

from coordination.models import FollowUp, IdempotentRequest
from tests.factories import FollowUpFactory


def test_a_retried_completion_answers_the_same_and_acts_once(bearer, staff_a, province):
    followup = FollowUpFactory(lead_body=province.standing)
    client = bearer(staff_a)
    url = reverse("api:followup-complete", args=[followup.pk])
    key = {"Idempotency-Key": "e-office-42"}
    first = client.post(url, {"outcome": "Đã gửi báo cáo"}, headers=key)
    assert first.status_code == 200
    completed_at = FollowUp.objects.get(pk=followup.pk).completed_at
    retry = client.post(url, {"outcome": "Đã gửi báo cáo"}, headers=key)
    assert (retry.status_code, retry.json()) == (200, first.json())
    assert retry["Idempotent-Replayed"] == "true"
    assert FollowUp.objects.get(pk=followup.pk).completed_at == completed_at
    assert IdempotentRequest.objects.count() == 1
    # without the key, the second call is a new one: the follow-up is no longer open
    assert client.post(url, {"outcome": "Đã gửi báo cáo"}).status_code == 400


def test_the_same_key_with_another_body_is_refused(bearer, staff_a, province):
    followup = FollowUpFactory(lead_body=province.standing)
    client = bearer(staff_a)
    url = reverse("api:followup-complete", args=[followup.pk])
    key = {"Idempotency-Key": "e-office-43"}
    assert client.post(url, {"outcome": "Lần một"}, headers=key).status_code == 200
    response = client.post(url, {"outcome": "Lần hai"}, headers=key)
    assert response.status_code == 422
    assert "Idempotency-Key" in response.json()["detail"]
    assert FollowUp.objects.get(pk=followup.pk).outcome == "Lần một"


def test_a_refusal_is_replayed_too_and_keys_are_per_user(bearer, staff_a, staff_b, province):
    followup = FollowUpFactory(lead_body=province.standing)
    url = reverse("api:followup-complete", args=[followup.pk])
    key = {"Idempotency-Key": "k-1"}
    assert bearer(staff_a).post(url, {"outcome": ""}, headers=key).status_code == 400
    assert bearer(staff_a).post(url, {"outcome": ""}, headers=key).status_code == 400
    assert bearer(staff_b).post(url, {"outcome": "Xong"}, headers=key).status_code == 403  # not replayed
    assert FollowUp.objects.get(pk=followup.pk).status == FollowUp.Status.OPEN


def test_a_too_long_key_is_refused(bearer, staff_a, province):
    followup = FollowUpFactory(lead_body=province.standing)
    response = bearer(staff_a).post(reverse("api:followup-complete", args=[followup.pk]), {"outcome": "Xong"},
                                    headers={"Idempotency-Key": "x" * 300})
    assert response.status_code == 400 and "Idempotency-Key" in response.json()
    assert FollowUp.objects.get(pk=followup.pk).status == FollowUp.Status.OPEN
