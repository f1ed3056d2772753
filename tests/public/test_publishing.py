"""Publishing a round's results: a deliberate act of the Standing Committee or the Front, recorded."""

import pytest
from django.urls import reverse

from tests.url_coverage import covers
from voters import services
from voters.models import VoterContactRound

pytestmark = pytest.mark.django_db


class TestPublishing:
    def test_the_service_records_who_and_when_and_the_history_keeps_it(self, voter_round, staff_a):
        assert not voter_round.is_published
        round_ = services.round_results_publish(round_=voter_round, by=staff_a)
        round_.refresh_from_db()
        assert round_.results_published_by == staff_a and round_.results_published_at is not None
        last = round_.history.order_by("-history_id").first()
        assert last.results_published_at is not None and last.history_user == staff_a

    def test_publishing_again_keeps_the_first_date(self, voter_round, staff_a, front_staff):
        first = services.round_results_publish(round_=voter_round, by=staff_a).results_published_at
        again = services.round_results_publish(round_=voter_round, by=front_staff)
        assert again.results_published_at == first and again.results_published_by == staff_a

    def test_withdrawing_clears_it_and_the_history_keeps_both(self, voter_round, staff_a, front_staff):
        services.round_results_publish(round_=voter_round, by=staff_a)
        services.round_results_unpublish(round_=voter_round, by=front_staff)
        voter_round.refresh_from_db()
        assert not voter_round.is_published and voter_round.results_published_by is None
        users = list(voter_round.history.order_by("-history_id").values_list("history_user", flat=True)[:2])
        assert users == [front_staff.pk, staff_a.pk]


@covers("voters:round_publish")
class TestPublishPage:
    def test_the_standing_committee_confirms_then_publishes(self, login, staff_a, voter_round):
        client = login(staff_a)
        page = client.get(voter_round.get_absolute_url()).content.decode()
        url = reverse("voters:round_publish", args=[voter_round.pk])
        assert url in page and "Công khai kết quả" in page
        confirm = client.get(url)
        assert confirm.status_code == 200
        assert "Ai cũng xem được, không cần đăng nhập" in confirm.content.decode()
        assert not VoterContactRound.objects.get(pk=voter_round.pk).is_published  # asking changes nothing
        response = client.post(url, follow=True)
        assert "Đã công khai kết quả của đợt" in response.content.decode()
        assert VoterContactRound.objects.get(pk=voter_round.pk).results_published_by == staff_a
        assert "Thôi công khai kết quả" in client.get(voter_round.get_absolute_url()).content.decode()

    def test_the_front_withdraws_it(self, login, front_staff, staff_a, voter_round):
        services.round_results_publish(round_=voter_round, by=staff_a)
        url = reverse("voters:round_publish", args=[voter_round.pk])
        response = login(front_staff).post(url, follow=True)
        assert "Đã thôi công khai" in response.content.decode()
        assert not VoterContactRound.objects.get(pk=voter_round.pk).is_published

    @pytest.mark.parametrize("persona", ["viewer", "staff_b", "agency_officer"])
    def test_others_of_the_unit_may_not_and_see_no_button(self, request, login, persona, voter_round):
        client = login(request.getfixturevalue(persona))
        url = reverse("voters:round_publish", args=[voter_round.pk])
        assert url not in client.get(voter_round.get_absolute_url()).content.decode()
        assert client.get(url).status_code == 403
        assert client.post(url).status_code == 403
        assert not VoterContactRound.objects.get(pk=voter_round.pk).is_published

    def test_another_province_gets_404_and_anonymous_the_login(self, login, outsider, voter_round, client):
        url = reverse("voters:round_publish", args=[voter_round.pk])
        assert client.post(url).status_code == 302
        assert login(outsider).post(url).status_code == 404
        assert not VoterContactRound.objects.get(pk=voter_round.pk).is_published
