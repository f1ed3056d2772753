"""The pages that show a whole round (its meetings, the opinions to compile, its petitions) show one page at a
time: at 50,000 petitions the compile page took 29 s and grew faster than the round (issue #16)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.url_coverage import covers
from tests.voters.factories import MeetingFactory, OpinionFactory, PetitionFactory
from voters.models import PetitionStatus

pytestmark = pytest.mark.django_db


def fill(voter_round, n: int) -> None:
    meetings = MeetingFactory.create_batch(n, round=voter_round, held_on=voter_round.starts_on)
    for meeting in meetings:
        OpinionFactory(meeting=meeting, content=f"Ý kiến tại {meeting.address}")
        petition = PetitionFactory(round=voter_round, unit=voter_round.unit)
        OpinionFactory(meeting=meeting, petition=petition, content="Đã tổng hợp")


@covers("voters:compile", "voters:round_detail")
class TestWholeRoundPages:
    @pytest.mark.parametrize("name", ["voters:compile", "voters:round_detail"])
    def test_the_same_queries_for_3_or_40_meetings(
        self, name, login, front_staff, voter_round, django_assert_num_queries, settings
    ):
        settings.PAGE_SIZE = 10
        client = login(front_staff)
        url = reverse(name, args=[voter_round.pk])
        fill(voter_round, 3)
        client.get(url)  # the session and the caches of the process
        with CaptureQueriesContext(connection) as few:
            assert client.get(url).status_code == 200
        fill(voter_round, 37)
        with django_assert_num_queries(len(few)):
            assert client.get(url).status_code == 200

    def test_the_compile_page_pages_opinions_and_petitions_apart(self, login, front_staff, voter_round):
        fill(voter_round, settings.PAGE_SIZE + 2)
        client = login(front_staff)
        url = reverse("voters:compile", args=[voter_round.pk])
        page = client.get(url).content.decode()
        total = settings.PAGE_SIZE + 2
        assert f"{total} ý kiến chưa tổng hợp" in page and f"{total} kiến nghị đã tổng hợp" in page
        assert page.count("Tạo kiến nghị mới từ ý kiến này") == settings.PAGE_SIZE
        assert "Trang 1 / 2" in page
        second = client.get(url, {"page": 2, "kien_nghi": 2}).content.decode()
        assert second.count("Tạo kiến nghị mới từ ý kiến này") == 2
        # Turning the petitions' page keeps the opinions' page, and the other way round.
        assert "?page=2&amp;kien_nghi=1" in second and "?kien_nghi=2&amp;page=1" in second

    def test_the_round_page_counts_every_meeting_and_lists_a_page(self, login, front_staff, voter_round):
        fill(voter_round, settings.PAGE_SIZE + 1)
        page = login(front_staff).get(reverse("voters:round_detail", args=[voter_round.pk])).content.decode()
        assert f"{settings.PAGE_SIZE + 1} điểm tiếp xúc" in page
        assert page.count("Nhà văn hóa thôn") == settings.PAGE_SIZE
        assert "Trang 1 / 2" in page

    def test_the_round_page_counts_voters_and_petitions_but_the_merged(self, login, front_staff, voter_round):
        fill(voter_round, settings.PAGE_SIZE + 1)  # 100 voters at each meeting, one petition each
        kept = PetitionFactory(round=voter_round, unit=voter_round.unit)
        PetitionFactory(
            round=voter_round, unit=voter_round.unit, status=PetitionStatus.MERGED, merged_into=kept
        )
        page = login(front_staff).get(reverse("voters:round_detail", args=[voter_round.pk])).content.decode()
        n = settings.PAGE_SIZE + 1
        assert f"{n} điểm tiếp xúc, {n * 100} lượt cử tri; {n + 1} kiến nghị tổng hợp" in page

    def test_the_round_page_lists_meetings_by_the_day_held_or_planned(self, login, front_staff, voter_round):
        day, later = voter_round.starts_on, timedelta(days=1)
        MeetingFactory(round=voter_round, address="Họp thứ ba", held_on=None, planned_on=day + 5 * later)
        MeetingFactory(round=voter_round, address="Họp thứ nhất", held_on=day, planned_on=day + 9 * later)
        MeetingFactory(round=voter_round, address="Họp thứ hai", held_on=day + later, planned_on=day)
        page = login(front_staff).get(reverse("voters:round_detail", args=[voter_round.pk])).content.decode()
        assert page.index("Họp thứ nhất") < page.index("Họp thứ hai") < page.index("Họp thứ ba")
