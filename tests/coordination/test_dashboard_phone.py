"""The leader's dashboard on a phone: tiles that open their list, filters that reach every figure, and the
leader's reminder ("Đôn đốc") of an overdue item."""

import re
from datetime import date, timedelta
from html import unescape

import pytest
from django.core import mail
from django.urls import reverse

from coordination.models import CoordinationArea, FollowUpNudge, OutboxMessage
from coordination.providers import collect_figures
from coordination.services import followup_open
from tests.sessions.factories import MissionFactory
from tests.url_coverage import covers
from tests.voters.factories import LetterFactory, PetitionFactory, RoundFactory

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-06-15")]

TODAY = date(2026, 6, 15)
YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def owed(body, *, days, title="Gửi báo cáo", responsible=None):
    return followup_open(
        subject=None, title=title, lead_body=body, due_on=TODAY + timedelta(days=days),
        responsible=responsible,
    )


def tile_link(html: str, testid: str) -> str:
    return unescape(re.search(rf'href="([^"]+)" data-testid="{testid}"', html).group(1))


def tab_count(html: str, key: str) -> str:
    found = re.search(rf'data-testid="tab-{key}">.*?<span class="tab__count">([^<]+)</span>', html, re.S)
    return found.group(1)


def stat(html: str, testid: str) -> str:
    return re.search(rf'data-testid="{testid}">([^<]+)<', html).group(1)


@covers("dashboard")
def test_each_tile_opens_the_list_its_number_counts(login, leader, province):
    owed(province.committee, days=-3, title="Báo cáo quá hạn của UBND")
    owed(province.committee, days=5, title="Báo cáo sắp đến hạn của UBND")
    owed(province.front, days=-2, title="Việc quá hạn của Mặt trận")
    owed(province.committee, days=-400, title="Việc quá hạn năm trước")  # outside the year shown
    client = login(leader)
    html = client.get(reverse("dashboard"), {"body": province.committee.pk}).content.decode()
    overdue_link = tile_link(html, "tile-overdue")
    assert overdue_link.startswith("/followups/?state=overdue&")
    assert f"lead_body={province.committee.pk}" in overdue_link and "due_from=01%2F01%2F2026" in overdue_link
    listing = client.get(overdue_link).content.decode()
    assert "Báo cáo quá hạn của UBND" in listing
    assert "Việc quá hạn của Mặt trận" not in listing and "Việc quá hạn năm trước" not in listing
    assert tab_count(listing, "overdue") == stat(html, "overdue-count") == "1"
    owed_list = client.get(tile_link(html, "tile-owed")).content.decode()
    assert tab_count(owed_list, "open") == stat(html, "owed") == "2"


def test_the_filters_fold_on_a_phone_unless_one_is_in_use(login, leader, province):
    client = login(leader)
    assert "filters-fold no-print\" data-open-wide>" in client.get(reverse("dashboard")).content.decode()
    filtered = client.get(reverse("dashboard"), {"body": province.committee.pk}).content.decode()
    assert "data-open-wide open>" in filtered and "đang lọc" in filtered


def test_the_body_filter_reaches_the_apps_figures_and_says_where_it_cannot(login, leader, province):
    round_ = RoundFactory(organiser=province.front, starts_on=date(2026, 3, 1), ends_on=date(2026, 3, 5))
    PetitionFactory(round=round_, agency=province.agency, category="resolved")
    PetitionFactory(round=round_, agency=province.other_agency, category="resolved")
    PetitionFactory(round=round_, agency=province.other_agency, category="resolved")
    area = CoordinationArea.objects.first()

    def figure(key, **filters):
        return next(f for f in collect_figures(unit_ids={province.unit.pk}, start=YEAR[0], end=YEAR[1],
                                               **filters) if f.key == key)

    assert figure("petitions_by_category").value == 3
    assert figure("petitions_by_category", body_ids=[province.agency.pk]).value == 1
    assert figure("petitions_by_category", body_ids=[province.agency.pk]).note == ""
    assert figure("petitions_by_category", area_ids=[area.pk]).note == "(không lọc theo lĩnh vực)"
    assert figure("regulation_obligations_confirmed", area_ids=[area.pk]).note == ""
    MissionFactory(lead_body=province.standing)
    MissionFactory(lead_body=province.council_committee)
    assert figure("supervisions").value == 2
    assert figure("supervisions", body_ids=[province.standing.pk]).value == 1
    LetterFactory(handling_body=province.standing)
    assert figure("letters_by_kind").value == 1
    assert figure("letters_by_kind", body_ids=[province.agency.pk]).value == 0
    filters = {"body": province.agency.pk, "area": area.pk}
    html = login(leader).get(reverse("dashboard"), filters).content.decode()
    assert "Kiến nghị cử tri theo kết quả <span class=\"muted\" data-testid=\"figure-note\">" \
           "(không lọc theo lĩnh vực)</span>" in html


@pytest.fixture
def overdue(province, staff_b, front_staff, person_of):
    # Responsible: a person with an account (the one the mail reaches), here of another body.
    return owed(
        province.committee, days=-100, title="Báo cáo kết quả giám sát", responsible=person_of(front_staff)
    )


@covers("followups:nudge")
class TestNudge:
    def test_a_leader_of_the_unit_nudges_from_the_dashboard_and_sees_it_recorded(
        self, login, leader, overdue, staff_b, front_staff, committed
    ):
        client = login(leader)
        page = client.get(reverse("dashboard")).content.decode()
        assert f'formaction="{reverse("followups:nudge", args=[overdue.pk])}"' in page
        with committed():
            response = client.post(
                reverse("followups:nudge", args=[overdue.pk]),
                {"next": reverse("dashboard") + "#overdue", "message": "Đề nghị báo cáo trước thứ Sáu."},
            )
        assert response.status_code == 302 and response.url == "/dashboard/#overdue"
        nudge = FollowUpNudge.objects.get(followup=overdue)
        assert (nudge.by, nudge.on, nudge.message) == (leader, TODAY, "Đề nghị báo cáo trước thứ Sáu.")
        assert sorted(m.to[0] for m in mail.outbox) == sorted([staff_b.email, front_staff.email])
        assert mail.outbox[0].subject == "[Đôn đốc] Báo cáo kết quả giám sát"
        assert "đã quá hạn 100 ngày" in mail.outbox[0].body and "trước thứ Sáu" in mail.outbox[0].body
        assert "Đã đôn đốc 15/06/2026 (1 lần)" in client.get(reverse("dashboard")).content.decode()
        assert "Đã đôn đốc 15/06/2026 (1 lần)" in client.get(overdue.get_absolute_url()).content.decode()

    def test_a_double_click_records_one_nudge_and_queues_each_mail_once(self, login, leader, overdue):
        client = login(leader)
        url = reverse("followups:nudge", args=[overdue.pk])
        client.post(url)
        queued = OutboxMessage.objects.filter(kind=OutboxMessage.Kind.NUDGE).count()
        assert queued == 2  # the lead body's staff and the responsible person
        second = client.post(url, follow=True)
        assert "đã được đôn đốc hôm nay: không gửi thêm thư" in second.content.decode()
        assert FollowUpNudge.objects.filter(followup=overdue).count() == 1
        assert OutboxMessage.objects.filter(kind=OutboxMessage.Kind.NUDGE).count() == queued

    @pytest.mark.parametrize("who", ["staff_a", "viewer", "outsider"])
    def test_only_a_leader_of_the_unit_may_nudge(self, request, login, overdue, who):
        user = request.getfixturevalue(who)
        response = login(user).post(reverse("followups:nudge", args=[overdue.pk]))
        assert response.status_code == (404 if who == "outsider" else 403)
        assert not FollowUpNudge.objects.exists() and not OutboxMessage.objects.exists()
        assert 'data-testid="nudge"' not in login(user).get(reverse("dashboard")).content.decode()

    def test_a_long_message_is_refused_naming_the_box_and_nothing_is_sent(self, login, leader, overdue):
        response = login(leader).post(reverse("followups:nudge", args=[overdue.pk]), {"message": "x" * 501})
        assert response.status_code == 400
        assert "Lời nhắn dài 501 ký tự, quá giới hạn 500 ký tự" in response.content.decode()
        assert not FollowUpNudge.objects.exists() and not OutboxMessage.objects.exists()

    def test_an_item_not_overdue_is_not_nudged(self, login, leader, province):
        upcoming = owed(province.committee, days=3)
        response = login(leader).post(reverse("followups:nudge", args=[upcoming.pk]), follow=True)
        assert "không còn quá hạn: không cần đôn đốc" in response.content.decode()
        assert not FollowUpNudge.objects.exists()


def test_every_chart_is_titled_and_drawn_at_its_own_size_with_labels_of_14_px_or_more(
    login, leader, province
):
    owed(province.committee, days=-3)
    html = login(leader).get(reverse("dashboard")).content.decode()
    charts = re.findall(r"<svg .*?</svg>", html, re.S)
    assert len(charts) >= 3
    for chart in charts:
        assert re.search(r"<title>[^<]+</title>", chart)
        width = re.search(r'viewBox="0 0 (\d+) \d+" width="(\d+)"', chart)
        assert width.group(1) == width.group(2)  # never shrunk to the screen: a phone scrolls it
        assert min(int(size) for size in re.findall(r'font-size="(\d+)"', chart)) >= 14
