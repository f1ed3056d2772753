"""The admin's changelists of the tables that grow (petitions, opinions, follow-ups, mails…) search the
diacritic-free search column, word by word, and count the filtered rows only (issue #16)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coordination.services import followup_open
from tests.voters.factories import PetitionFactory

pytestmark = pytest.mark.django_db


def test_a_petition_is_found_in_the_admin_without_diacritics_through_its_search_column(
    client, superuser, province
):
    PetitionFactory(title="Giải phóng mặt bằng dự án đường tỉnh 12", unit=province.unit)
    PetitionFactory(title="Nạo vét kênh mương", unit=province.unit)
    client.force_login(superuser)
    url = reverse("admin:voters_petition_changelist")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"q": "giai PHONG mat"})
    page = response.content.decode()
    assert "Giải phóng mặt bằng" in page and "Nạo vét" not in page
    searched = [
        q["sql"].split(" WHERE ", 1)[1]
        for q in queries
        if 'FROM "voters_petition"' in q["sql"] and " LIKE " in q["sql"].upper()
    ]
    assert searched and all('"search_text"' in where and '"title"' not in where for where in searched), (
        searched
    )
    # The filtered count only, not a second count of every petition on every page.
    assert response.context["cl"].show_full_result_count is False
    counts = [
        q["sql"] for q in queries if q["sql"].startswith("SELECT COUNT(*)") and "voters_petition" in q["sql"]
    ]
    assert all(" WHERE " in sql for sql in counts), counts


def test_the_follow_up_changelist_filters_by_due_date_without_grouping_every_year(
    client, superuser, province
):
    followup_open(
        subject=None, title="Gửi báo cáo", lead_body=province.committee, due_on=timezone.localdate()
    )
    client.force_login(superuser)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("admin:coordination_followup_changelist")).content.decode()
    assert "Gửi báo cáo" in page
    assert not [q for q in queries if "django_datetime_trunc" in q["sql"] or "DATE_TRUNC" in q["sql"].upper()]


def test_a_changelist_counts_up_to_its_cap_and_says_so(client, superuser, province, monkeypatch):
    from coordination.admin_scale import AdminCountPaginator

    monkeypatch.setattr(AdminCountPaginator, "cap", 3)
    PetitionFactory.create_batch(4, unit=province.unit)
    client.force_login(superuser)
    url = reverse("admin:voters_petition_changelist")
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
    assert "Từ 3 kiến nghị cử tri trở lên: hãy lọc hoặc tìm kiếm cụ thể hơn." in page
    counts = [q["sql"] for q in queries if q["sql"].startswith("SELECT COUNT(*)") and "petition" in q["sql"]]
    assert counts and all("LIMIT 3" in sql for sql in counts), counts  # never a count of every petition
    assert not any("ORDER BY" in sql for sql in counts), counts  # nor the rows before the cap sorted first
    monkeypatch.setattr(AdminCountPaginator, "cap", 10)
    page = client.get(url).content.decode()
    assert "4 kiến nghị cử tri" in page and "trở lên" not in page
