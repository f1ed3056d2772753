"""The admin's changelists of the tables that grow (petitions, opinions, follow-ups, mails…) search the
diacritic-free search column, word by word, and count the filtered rows only (issue #16)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coordination.services import followup_open
from tests.voters.factories import OpinionFactory, PetitionFactory

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


@pytest.mark.parametrize("cap", [4, 100])
@pytest.mark.parametrize("in_one_agency", [False, True])
def test_an_admin_search_pages_its_matches_in_due_date_order_however_many_match(
    client, superuser, province, monkeypatch, cap, in_one_agency
):
    # The register's plan (voters' CappedCountPaginator): below its cap the matches are read once and paged by
    # id, at the cap the due-date index is walked (on PostgreSQL), inside one agency its own index is read for
    # the count. Either way the admin lists the same rows, in the model's order, and says when it stopped.
    from voters.views import petitions

    monkeypatch.setattr(petitions.CappedCountPaginator, "cap", cap)
    from voters.admin import PetitionAdmin

    monkeypatch.setattr(PetitionAdmin, "list_per_page", 2)
    today = timezone.localdate()
    made = [
        PetitionFactory(
            title=f"Sửa đường liên xã số {n}", due_on=today + timedelta(days=d), agency=province.agency,
            unit=province.unit,
        )
        for n, d in enumerate((5, 9, 1, 3, 3, 0))
    ]
    PetitionFactory(title="Bổ sung bác sĩ", due_on=today, agency=province.agency, unit=province.unit)
    elsewhere = PetitionFactory(
        title="Sửa đường liên xã ở nơi khác", due_on=today - timedelta(days=1), agency=province.other_agency,
        unit=province.unit,
    )
    matching = made + ([] if in_one_agency else [elsewhere])
    expected = [p.pk for p in sorted(matching, key=lambda p: (p.due_on, p.pk))][:cap]
    params = {"q": "duong LIEN xa", **({"agency__id__exact": province.agency.pk} if in_one_agency else {})}
    client.force_login(superuser)
    url = reverse("admin:voters_petition_changelist")
    seen, counts = [], set()
    for page in range(1, (len(expected) + 1) // 2 + 1):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {**params, "p": page})
        seen += [p.pk for p in response.context["cl"].result_list]
        counts.add(len(queries))
    assert seen == expected
    assert len(counts) == 1, counts  # as many queries on every page, however many match
    page = response.content.decode()
    if len(matching) >= cap:
        assert "Từ 4 kiến nghị cử tri trở lên: hãy lọc hoặc tìm kiếm cụ thể hơn." in page
    else:
        assert f"{len(matching)} kiến nghị cử tri" in page and "trở lên" not in page


def test_a_search_whose_matches_fit_one_page_reads_them_by_id(client, superuser, province):
    # Django lists the whole search again when it fits one page; the matches' ids are known from the count.
    PetitionFactory(title="Giải phóng mặt bằng thôn 12", agency=province.agency, unit=province.unit)
    PetitionFactory(title="Giải phóng mặt bằng thôn 3", agency=province.agency, unit=province.unit)
    client.force_login(superuser)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:voters_petition_changelist"), {"q": "giai phong thon 12"})
    assert [p.title for p in response.context["cl"].result_list] == ["Giải phóng mặt bằng thôn 12"]
    assert "1 kiến nghị cử tri" in response.content.decode()
    searched = [
        q["sql"] for q in queries if 'FROM "voters_petition"' in q["sql"] and "search_text" in q["sql"]
    ]
    # "12" is too short for a trigram: never a LIKE the planner would hand to the trigram index.
    assert searched and not any("%12%" in sql for sql in searched), searched
    if connection.vendor == "postgresql":
        rows = [q["sql"] for q in queries if '"voters_petition"."title"' in q["sql"]]
        assert rows and all("LIKE" not in sql.upper() for sql in rows), rows  # the page's rows by id alone


@pytest.mark.parametrize("cap", [2, 100])
def test_an_opinion_search_lists_its_matches_by_id_however_many_match(
    client, superuser, province, monkeypatch, cap
):
    from voters.admin import OpinionAdmin, OpinionSearchPaginator

    monkeypatch.setattr(OpinionSearchPaginator, "cap", cap)
    monkeypatch.setattr(OpinionAdmin, "list_per_page", 2)
    made = [OpinionFactory(content=f"Nạo vét kênh mương xóm {n}") for n in range(5)]
    OpinionFactory(content="Lắp đèn chiếu sáng")
    client.force_login(superuser)
    url = reverse("admin:voters_opinion_changelist")
    expected = [o.pk for o in made][:cap]
    seen = []
    for page in range(1, (len(expected) + 1) // 2 + 1):
        response = client.get(url, {"q": "nao vet kenh", "p": page})
        seen += [o.pk for o in response.context["cl"].result_list]
    assert seen == expected
    page = response.content.decode()
    if cap == 2:
        assert "Từ 2 ý kiến cử tri trở lên: hãy lọc hoặc tìm kiếm cụ thể hơn." in page
    else:
        assert "5 ý kiến cử tri" in page
