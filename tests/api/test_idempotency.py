"""``Idempotency-Key`` on a POST: a retry gets the first answer back and nothing is done twice."""

from datetime import timedelta
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.urls import reverse

from coordination import services, tasks
from coordination.api.views import IDEMPOTENCY_CLAIM_EXPIRES
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


@pytest.fixture
def completing(monkeypatch):
    """``completing(during)``: the API's completion of a follow-up runs ``during()`` before it records
    anything — another request arriving while the first is at work, or the first one's process dying."""

    record = services.followup_complete

    def _completing(during):
        def slow_complete(**kwargs):
            during()
            return record(**kwargs)

        monkeypatch.setattr(services, "followup_complete", slow_complete)

    return _completing


@pytest.fixture
def completion(bearer, staff_a, province):
    """An open follow-up; ``completion.post(key)``, staff_a's API call completing it under that key;
    ``completion.status()``, the follow-up's status in the database."""
    followup = FollowUpFactory(lead_body=province.standing)
    client = bearer(staff_a)
    url = reverse("api:followup-complete", args=[followup.pk])

    def post(key, outcome="Đã gửi báo cáo"):
        return client.post(url, {"outcome": outcome}, headers={"Idempotency-Key": key})

    return SimpleNamespace(post=post, status=lambda: FollowUp.objects.get(pk=followup.pk).status)


def test_a_retry_while_the_first_is_at_work_waits_and_does_nothing(completion, completing):
    retries = []
    completing(lambda: retries.append(completion.post("e-office-44")))
    first = completion.post("e-office-44")
    assert first.status_code == 200
    (retry,) = retries
    assert retry.status_code == 409
    assert "đang được xử lý" in retry.json()["detail"]
    # once the first has answered, a retry gets its answer back
    again = completion.post("e-office-44")
    assert (again.status_code, again.json(), again["Idempotent-Replayed"]) == (200, first.json(), "true")
    assert completion.status() == FollowUp.Status.DONE


def test_a_request_that_crashed_gives_its_key_back(completion, completing):
    def crash():
        raise RuntimeError("the disk is full")

    completing(crash)
    with pytest.raises(RuntimeError):
        completion.post("e-office-45")
    assert not IdempotentRequest.objects.exists()
    assert completion.status() == FollowUp.Status.OPEN
    completing(lambda: None)
    assert completion.post("e-office-45").status_code == 200
    assert completion.status() == FollowUp.Status.DONE


def test_the_claim_of_a_killed_process_is_taken_over_once_it_expires(completion, completing):
    def killed():
        raise SystemExit  # as a worker killed mid-request: nothing of ours runs after it

    completing(killed)
    with pytest.raises(SystemExit):
        completion.post("e-office-46")
    claim = IdempotentRequest.objects.get()
    assert claim.status is None
    completing(lambda: None)
    assert completion.post("e-office-46").status_code == 409
    IdempotentRequest.objects.filter(pk=claim.pk).update(
        created_at=claim.created_at - IDEMPOTENCY_CLAIM_EXPIRES - timedelta(seconds=1)
    )
    taken_over = completion.post("e-office-46")
    assert taken_over.status_code == 200 and "Idempotent-Replayed" not in taken_over
    assert completion.status() == FollowUp.Status.DONE
    assert IdempotentRequest.objects.get().status == 200


def test_answers_older_than_a_month_are_forgotten_by_the_hourly_purge(completion):
    assert completion.post("old", "Xong").status_code == 200
    assert completion.post("recent", "Xong").status_code == 400
    old = IdempotentRequest.objects.get(key="old")
    IdempotentRequest.objects.filter(pk=old.pk).update(
        created_at=old.created_at - services.IDEMPOTENT_ANSWERS_KEPT - timedelta(seconds=1)
    )
    assert tasks.purge_idempotent_requests.delay().get() == 1  # eager here; a real worker in the beat test
    assert list(IdempotentRequest.objects.values_list("key", flat=True)) == ["recent"]
    output = StringIO()
    call_command("purge_idempotent_requests", stdout=output)
    assert output.getvalue().strip() == "Đã xóa 0 yêu cầu chống lặp quá hạn lưu."
