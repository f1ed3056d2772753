"""The dashboard's follow-up figures come from a cache per unit and filter, dropped as soon as a follow-up
changes, and never shared between two people who may see different follow-ups."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coordination.models import Body, Membership, Role
from coordination.providers import SUBJECT_VISIBILITY
from coordination.services import followup_complete, followup_open
from tests.conftest import member
from tests.url_coverage import covers
from voters.services import letter_register

pytestmark = pytest.mark.django_db


def owed(body, *, days, title="Gửi báo cáo", subject=None):
    return followup_open(
        subject=subject, title=title, lead_body=body, due_on=timezone.localdate() + timedelta(days=days)
    )


def overdue_count(client) -> int:
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return int(re.search(r'data-testid="overdue-count">(\d+)<', response.content.decode())[1])


@covers("dashboard")
class TestDashboardCache:
    def test_a_second_visit_reads_the_cache_and_shows_the_same_figures(self, login, leader, province):
        for n in range(6):
            owed(province.committee, days=n - 3, title=f"Việc {n}")
        client = login(leader)
        with CaptureQueriesContext(connection) as first:
            assert overdue_count(client) == 3
        with CaptureQueriesContext(connection) as second:
            assert overdue_count(client) == 3
        assert len(second) < len(first) - 10, [q["sql"][:70] for q in second]

    def test_the_figures_are_rendered_in_the_language_of_the_page(self, login, leader, province):
        owed(province.committee, days=-2)
        client = login(leader)
        assert "Quá hạn" in client.get(reverse("dashboard")).content.decode()
        client.cookies["django_language"] = "en"
        page = client.get(reverse("dashboard")).content.decode()
        assert "Overdue" in page and "Việc quá hạn" not in page

    def test_a_new_completed_or_rescheduled_follow_up_shows_at_once(self, login, leader, province):
        late = owed(province.committee, days=-2, title="Việc trễ")
        client = login(leader)
        assert overdue_count(client) == 1
        owed(province.committee, days=-1, title="Việc trễ nữa")
        assert overdue_count(client) == 2
        followup_complete(followup=late, outcome="Đã xong")
        assert overdue_count(client) == 1
        late.delete()
        assert overdue_count(client) == 1

    def test_leaders_who_see_different_follow_ups_never_share_an_entry(
        self, login, leader, province, monkeypatch
    ):
        other_leader = member(province.standing, Role.LEADER, "lanh_dao_2")
        # A restricted subject: only ``leader`` may see it (as a letter of their body).
        monkeypatch.setitem(
            SUBJECT_VISIBILITY,
            Body,
            lambda user: (
                Body.objects.filter(pk=province.agency.pk) if user == leader else Body.objects.none()
            ),
        )
        owed(province.committee, days=-2, title="Việc chung")
        owed(province.committee, days=-3, title="Việc kín", subject=province.agency)
        assert overdue_count(login(leader)) == 2
        assert overdue_count(login(other_leader)) == 1
        assert overdue_count(login(leader)) == 2
        page = login(other_leader).get(reverse("dashboard")).content.decode()
        assert "Việc kín" not in page

    def test_each_filter_has_its_own_entry(self, login, leader, province):
        owed(province.committee, days=-2)
        owed(province.front, days=-2)
        client = login(leader)
        assert overdue_count(client) == 2
        response = client.get(reverse("dashboard"), {"unit": province.unit.pk, "body": province.front.pk})
        assert re.search(r'data-testid="overdue-count">1<', response.content.decode())

    def test_without_a_cache_the_figures_are_computed_each_time(self, login, leader, province, settings):
        settings.DASHBOARD_CACHE_SECONDS = 0
        owed(province.committee, days=-2)
        assert overdue_count(login(leader)) == 1

    def test_a_letter_given_to_another_body_leaves_the_old_bodys_dashboard_at_once(
        self, login, leader, province
    ):
        letter = denunciation(province)
        client = login(leader)
        assert "02/ĐT" in client.get(reverse("dashboard")).content.decode()
        letter.handling_body = province.committee  # as the admin would correct it
        letter.save()
        assert "02/ĐT" not in client.get(reverse("dashboard")).content.decode()

    def test_a_body_left_shows_at_once(self, login, leader, province):
        Membership.objects.create(user=leader, body=province.committee, role=Role.LEADER)
        denunciation(province)
        client = login(leader)
        assert "02/ĐT" in client.get(reverse("dashboard")).content.decode()
        Membership.objects.filter(user=leader, body=province.standing).delete()
        assert "02/ĐT" not in client.get(reverse("dashboard")).content.decode()


def denunciation(province):
    """A letter of the Standing Committee, overdue to classify: it shows on the dashboard's overdue list."""
    return letter_register(
        handling_body=province.standing,
        number="02/ĐT",
        received_on=timezone.localdate() - timedelta(days=30),
        channel="post",
        kind="denunciation",
        content="Tố cáo cán bộ địa chính",
        identity={"full_name": "Phạm Văn Tố"},
    )
