"""The follow-up list opens on what the user's bodies owe, most overdue first, with a count on each tab."""

import re
from datetime import date, datetime, time, timedelta
from io import BytesIO

import pytest
from django.db.models import Q
from django.urls import reverse
from openpyxl import load_workbook

from coordination.services import followup_cancel, followup_complete, followup_open
from tests.conftest import LOCAL_TZ
from tests.exports import export_xlsx
from tests.tabs import current_tab, tab_counts
from tests.url_coverage import covers

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-12-10")]
TODAY = date(2026, 12, 10)


def owed(body, title, due_on, responsible=None):
    return followup_open(subject=None, title=title, lead_body=body, due_on=due_on, responsible=responsible,
                         source="khoản 2 Điều 7 Quy chế")


def done(body, title, due_on):
    followup = owed(body, title, due_on)
    return followup_complete(followup=followup, outcome="Đã gửi báo cáo",
                             completed_at=datetime.combine(due_on, time(9), tzinfo=LOCAL_TZ))


@pytest.fixture
def committee_story(province):
    """The People's Committee owes 22 overdue things and one due next week, finished one in 2022 and another
    last month, had one cancelled; the Standing Committee owes one."""
    for n in range(22):
        owed(province.committee, f"Báo cáo quá hạn số {n:02d}", TODAY - timedelta(days=40 - n))
    owed(province.committee, "Báo cáo sắp đến hạn", TODAY + timedelta(days=3))
    done(province.committee, "Báo cáo cũ năm 2022", date(2022, 3, 1))
    done(province.committee, "Báo cáo xong tháng trước", date(2026, 11, 5))
    followup_cancel(followup=owed(province.committee, "Việc đã hủy", TODAY + timedelta(days=20)),
                    reason="Không còn cần")
    owed(province.standing, "Việc của Thường trực", TODAY - timedelta(days=100))


@covers("followups:list")
class TestTheListOpensOnWhatIsOwed:
    def test_a_fresh_visit_shows_my_bodys_most_overdue_first_and_no_finished_item(
        self, login, staff_b, committee_story
    ):
        html = login(staff_b).get(reverse("followups:list")).content.decode()
        assert current_tab(html) == "mine"
        assert "Việc cần theo dõi — Cơ quan tôi phải làm" in html
        positions = [html.index(f"Báo cáo quá hạn số {n:02d}") for n in range(22)]
        assert positions == sorted(positions)  # 40 days overdue first, then 39…
        assert html.index("Báo cáo quá hạn số 21") < html.index("Báo cáo sắp đến hạn")
        assert "Quá hạn 40 ngày" in html
        for absent in ("Báo cáo cũ năm 2022", "Báo cáo xong tháng trước", "Việc đã hủy"):
            assert absent not in html
        assert "Việc của Thường trực" not in html  # another body's

    def test_each_tab_shows_how_many_it_holds(self, login, staff_b, committee_story):
        html = login(staff_b).get(reverse("followups:list")).content.decode()
        assert tab_counts(html) == {
            "mine": 23, "overdue": 23, "soon": 1, "open": 24, "done": 2, "cancelled": 1, "all": 27
        }

    def test_another_tab_lists_its_rows_and_keeps_the_filters(self, login, staff_b, committee_story):
        client = login(staff_b)
        html = client.get(reverse("followups:list"), {"state": "done"}).content.decode()
        assert current_tab(html) == "done"
        assert html.index("Báo cáo xong tháng trước") < html.index("Báo cáo cũ năm 2022")  # most recent first
        assert "Báo cáo quá hạn số 00" not in html
        params = {"state": "overdue", "q": "thuong truc"}
        html = client.get(reverse("followups:list"), params).content.decode()
        assert "Việc của Thường trực" in html and "Báo cáo quá hạn số 00" not in html
        assert tab_counts(html) == {"mine": 0, "overdue": 1, "soon": 0, "open": 1, "done": 0, "cancelled": 0,
                                    "all": 1}
        assert 'name="state" value="overdue"' in html  # filtering again stays on this tab
        assert 'href="?q=thuong+truc&amp;state=done"' in html  # another tab keeps the search

    def test_everything_lists_open_rows_first(self, login, staff_b, committee_story):
        html = login(staff_b).get(reverse("followups:list"), {"state": "all", "page": 2}).content.decode()
        assert html.index("Báo cáo xong tháng trước") < html.index("Báo cáo cũ năm 2022")
        assert "Báo cáo quá hạn số 00" not in html and "Việc đã hủy" not in html  # on the first page

    def test_a_viewer_who_owes_nothing_opens_on_all_that_is_still_open(self, login, viewer, committee_story):
        html = login(viewer).get(reverse("followups:list")).content.decode()
        assert current_tab(html) == "open"
        assert "mine" not in tab_counts(html)
        assert html.index("Việc của Thường trực") < html.index("Báo cáo quá hạn số 00")  # 100 days overdue
        assert "Báo cáo cũ năm 2022" not in html

    def test_a_superuser_opens_on_all_that_is_open(self, login, superuser, committee_story):
        html = login(superuser).get(reverse("followups:list")).content.decode()
        assert current_tab(html) == "open" and tab_counts(html)["open"] == 24

    def test_an_unknown_tab_opens_the_first(self, login, staff_b, committee_story):
        response = login(staff_b).get(reverse("followups:list"), {"state": "bay-gio"})
        assert response.status_code == 200 and current_tab(response.content.decode()) == "mine"

    def test_the_print_view_and_the_excel_file_follow_the_tab(self, login, staff_b, committee_story):
        client = login(staff_b)
        html = client.get(reverse("followups:list"), {"state": "done", "format": "print"}).content.decode()
        assert "Báo cáo cũ năm 2022" in html and "Báo cáo quá hạn số 00" not in html
        assert "VIỆC CẦN THEO DÕI — ĐÃ HOÀN THÀNH" in html
        workbook = load_workbook(BytesIO(export_xlsx(client, reverse("followups:list")).content))
        titles = [row[0] for row in workbook.active.values][1:]
        assert titles[0] == "Báo cáo quá hạn số 00" and len(titles) == 23
        assert "Báo cáo cũ năm 2022" not in titles

    @pytest.mark.parametrize("count", [1, 50])
    def test_the_tabs_cost_the_same_queries_whatever_the_rows(
        self, login, staff_b, province, count, django_assert_max_num_queries
    ):
        for n in range(count):
            followup = owed(province.committee, f"Việc {n}", TODAY + timedelta(days=n % 10 - 5))
            if n % 3 == 1:
                followup_complete(followup=followup, outcome="Xong")
        client = login(staff_b)
        with django_assert_max_num_queries(12):
            assert client.get(reverse("followups:list"), {"state": "all"}).status_code == 200


@covers("followups:list")
def test_a_list_past_the_count_cap_says_so_instead_of_counting_every_row(
    login, staff_b, committee_story, monkeypatch
):
    """A national viewer's million follow-ups are counted up to FollowUpPaginator.cap (1,000) and one more,
    not scanned on every page; here the cap is 5."""
    from coordination.views.followups import FollowUpPaginator

    monkeypatch.setattr(FollowUpPaginator, "cap", 5)
    html = login(staff_b).get(reverse("followups:list"), {"state": "overdue"}).content.decode()
    assert re.search(r'data-testid="tab-overdue"[^>]*>[^<]*<span class="tab__count">hơn 5</span>', html)
    assert re.search(r'data-testid="tab-cancelled"[^>]*>[^<]*<span class="tab__count">1</span>', html)
    assert "Có hơn 5 kết quả; hãy lọc hoặc tìm kiếm cụ thể hơn (danh sách dừng ở 5 kết quả đầu)." in html
    # The rows stop at the cap too: the Standing Committee's most overdue item, then four of the committee's.
    assert html.count("Việc của Thường trực") == 1 and html.count("Báo cáo quá hạn số") == 4


@covers("followups:list")
def test_a_tab_holding_exactly_the_cap_shows_its_count_not_more(login, staff_b, committee_story, monkeypatch):
    """Counting one row past the cap tells "exactly 1.000" from "more than 1.000"."""
    from coordination.views.followups import FollowUpPaginator

    monkeypatch.setattr(FollowUpPaginator, "cap", 2)
    html = login(staff_b).get(reverse("followups:list"), {"state": "done"}).content.decode()
    assert tab_counts(html)["done"] == 2 and tab_counts(html)["cancelled"] == 1
    assert re.search(r'data-testid="tab-all"[^>]*>[^<]*<span class="tab__count">hơn 2</span>', html)
    assert "kết quả; hãy lọc" not in html and "2 kết quả" in html


@covers("followups:list")
def test_a_search_counts_its_matches_on_every_tab(login, staff_b, committee_story):
    """The search reads the diacritic-free column: "bao cao qua han so 1" finds "Báo cáo quá hạn số 1x" (and
    the 01 and 21 ones), each tab counting only those."""
    html = login(staff_b).get(reverse("followups:list"), {"q": "BAO CAO qua han so 1"}).content.decode()
    assert tab_counts(html) == {"mine": 12, "overdue": 12, "soon": 0, "open": 12, "done": 0, "cancelled": 0,
                                "all": 12}
    assert "12 kết quả" in html and "Báo cáo quá hạn số 19" in html and "Báo cáo quá hạn số 02" not in html


@covers("followups:list")
def test_a_superusers_search_of_short_words_counts_every_tab(login, superuser, committee_story):
    """Words too short for the trigram index ("so", "1") still count exactly on every tab of the whole
    province's list: on PostgreSQL the "Quá hạn" count checks them in the (status, due date) index, which
    holds search_text, rather than in the table."""
    html = login(superuser).get(reverse("followups:list"), {"q": "so 1"}).content.decode()
    assert tab_counts(html) == {"overdue": 12, "soon": 0, "open": 12, "done": 0, "cancelled": 0, "all": 12}
    assert "Báo cáo quá hạn số 01" in html and "Báo cáo quá hạn số 02" not in html


@covers("followups:list")
def test_a_superusers_search_past_the_cap_says_so_on_its_tabs(login, superuser, committee_story, monkeypatch):
    """The search's counts stop at the cap as the list's do ("hơn 5"), the rows the five most overdue."""
    from coordination.views.followups import FollowUpPaginator

    monkeypatch.setattr(FollowUpPaginator, "cap", 5)
    html = login(superuser).get(reverse("followups:list"), {"q": "so 1", "state": "overdue"}).content.decode()
    for tab in ("overdue", "open", "all"):
        assert re.search(rf'data-testid="tab-{tab}"[^>]*>[^<]*<span class="tab__count">hơn 5</span>', html)
    assert tab_counts(html) == {"soon": 0, "done": 0, "cancelled": 0}
    assert "Có hơn 5 kết quả; hãy lọc hoặc tìm kiếm cụ thể hơn (danh sách dừng ở 5 kết quả đầu)." in html
    shown = re.findall(r"Báo cáo quá hạn số (\d\d)", html)
    assert shown == ["01", "10", "11", "12", "13"]


def test_everything_is_counted_as_the_sum_of_one_tab_per_status(superuser):
    """"Tất cả" adds the counts of "Chưa hoàn thành", "Đã hoàn thành" and "Đã hủy" (no subquery of its own,
    which read every row for a rare search): exact while those tabs are one per status."""
    from coordination.filters import followup_tabs
    from coordination.models import FollowUp

    tabs = {tab.key: tab for tab in followup_tabs(superuser, TODAY)}
    assert tabs["all"].rows is None
    assert {tabs[key].rows for key in tabs["all"].sum_of} == {Q(status=status) for status in FollowUp.Status}
