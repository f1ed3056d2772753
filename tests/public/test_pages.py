"""The public pages as an anonymous visitor sees them: published rounds only, 404 for anything else."""

import csv
import io
import itertools
import json
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from public_pages.throttle import rate_key
from regulations.models import Regulation
from tests.files import PDF
from tests.url_coverage import covers
from tests.voters.factories import PetitionFactory, ReceptionDayFactory, RoundFactory, VisitFactory
from voters import services
from voters.models import PetitionStatus

pytestmark = pytest.mark.django_db


NUMBERS = itertools.count(1000)


def extra(round_, **fields):
    """A petition numbered past the fixtures' own (numbers are unique within a round)."""
    return PetitionFactory(round=round_, number=next(NUMBERS), **fields)


def batch(rows, round_, **fields):
    return [extra(round_, **fields) for _ in range(rows)]


def file_url(petition):
    return reverse("public:petition_answer_file", args=[petition.round_id, petition.number])


def petition_url(petition):
    return reverse("public:petition", args=[petition.round_id, petition.number])


def text(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@covers("public:index", "public:unit", "public:round")
class TestRoundsAndUnits:
    def test_a_published_round_is_listed_under_its_unit(self, client, published):
        index = text(client.get(reverse("public:index")))
        assert published.unit.name in index
        unit = text(client.get(reverse("public:unit", args=[published.unit_id])))
        assert published.title in unit
        page = client.get(reverse("public:round", args=[published.pk]))
        assert page.status_code == 200
        assert "Đề nghị cấp giấy chứng nhận quyền sử dụng đất" in text(page)

    def test_nothing_of_an_unpublished_round_shows(self, client, answered_petition):
        round_ = answered_petition.round
        assert round_.title not in text(client.get(reverse("public:index")))
        assert client.get(reverse("public:round", args=[round_.pk])).status_code == 404
        assert client.get(reverse("public:unit", args=[round_.unit_id])).status_code == 404

    def test_a_withdrawn_round_disappears_at_once_despite_the_cache(self, client, published, staff_a):
        url = reverse("public:round", args=[published.pk])
        assert client.get(url).status_code == 200
        assert client.get(url)["X-Public-Cache"] == "hit"
        services.round_results_unpublish(round_=published, by=staff_a)
        assert client.get(url).status_code == 404

    @pytest.mark.parametrize("rows", [1, 50])
    def test_the_unit_page_reads_a_constant_number_of_queries(self, client, province, staff_a, rows,
                                                              django_assert_max_num_queries, today):
        for i in range(rows):
            round_ = RoundFactory(unit=province.unit, organiser=province.front, title=f"Đợt {i}")
            services.round_results_publish(round_=round_, by=staff_a)
            ReceptionDayFactory(host_body=province.standing, day=today + timedelta(days=1))
        with django_assert_max_num_queries(5):
            page = client.get(reverse("public:unit", args=[province.unit.pk]))
        assert page.status_code == 200 and "Đợt 0" in text(page)

    def test_an_id_past_any_row_is_404(self, client, published):
        huge = "9" * 30
        for url in (f"/cong-khai/dot/{huge}/", f"/cong-khai/don-vi/{huge}/",
                    f"/cong-khai/kien-nghi/{huge}-1/", f"/cong-khai/kien-nghi/1-{huge}/van-ban-tra-loi/",
                    f"/cong-khai/quy-che/{huge}/", f"/cong-khai/quy-che/{huge}/ban-ky.pdf"):
            assert client.get(url).status_code == 404, url

    def test_a_public_page_sets_no_cookie(self, client, published):
        # A cached page is served to everyone: it must carry nothing of one visitor (no session, no CSRF).
        response = client.get(reverse("public:round", args=[published.pk]))
        assert not response.cookies

    def test_signed_in_officers_see_the_same_public_pages(self, login, viewer, published, answered_petition):
        client = login(viewer)
        assert client.get(reverse("public:round", args=[published.pk])).status_code == 200
        assert client.get(petition_url(answered_petition)).status_code == 200


@covers("public:petition", "public:petition_answer_file", "public:lookup")
class TestPetitionPage:
    def test_it_shows_field_agency_status_due_date_and_answer(self, client, published, answered_petition):
        page = text(client.get(petition_url(answered_petition)))
        code = f"{answered_petition.round_id}-{answered_petition.number}"
        for expected in (code, "Đất đai", answered_petition.agency.name, "Đã trả lời, chờ đánh giá",
                         "Đã cấp giấy chứng nhận cho 214 hộ.", "512/STNMT-QLĐĐ", "Trả lời đúng hạn",
                         answered_petition.due_on.strftime("%d/%m/%Y")):
            assert expected in page, expected

    def test_the_answer_document_comes_through_the_public_door(self, client, published, answered_petition):
        url = file_url(answered_petition)
        response = client.get(url)
        assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
        assert "/media/" not in text(client.get(petition_url(answered_petition)))

    def test_an_unpublished_round_s_petition_and_document_are_404(self, client, answered_petition):
        assert client.get(petition_url(answered_petition)).status_code == 404
        url = file_url(answered_petition)
        assert client.get(url).status_code == 404

    def test_an_overdue_petition_says_late(self, client, published, province, today):
        late = extra(published, status=PetitionStatus.FORWARDED, agency=province.agency,
                               due_on=today - timedelta(days=3))
        assert "Quá hạn, chưa trả lời" in text(client.get(petition_url(late)))

    def test_a_merged_petition_s_url_leads_to_the_one_it_joined(self, client, published, answered_petition):
        merged = extra(published, status=PetitionStatus.MERGED, merged_into=answered_petition)
        response = client.get(petition_url(merged))
        assert response.status_code == 302 and response.url == petition_url(answered_petition)

    @pytest.mark.parametrize("typed", ["{r}-{n}", " KN {r}-{n} ", "{r}/{n}", "kn{r}.{n}"])
    def test_the_code_opens_the_petition(self, client, published, answered_petition, typed):
        code = typed.format(r=answered_petition.round_id, n=answered_petition.number)
        response = client.get(reverse("public:lookup"), {"ma": code})
        assert response.status_code == 302 and response.url == petition_url(answered_petition)

    @pytest.mark.parametrize("typed", ["abc", "999-1", ""])
    def test_an_unknown_code_says_so_naming_the_box(self, client, published, typed):
        response = client.get(reverse("public:lookup"), {"ma": typed}, follow=True)
        assert "Mã kiến nghị: không tìm thấy kiến nghị có mã này" in text(response)

    def test_the_code_of_an_unpublished_round_is_not_found(self, client, answered_petition):
        code = f"{answered_petition.round_id}-{answered_petition.number}"
        response = client.get(reverse("public:lookup"), {"ma": code}, follow=True)
        assert "không tìm thấy kiến nghị có mã này" in text(response)


@covers("public:petitions")
class TestSearch:
    def test_a_search_without_diacritics_finds_the_petition(self, client, published, answered_petition):
        page = text(client.get(reverse("public:petitions"), {"q": "giay chung nhan quyen su dung dat"}))
        assert "Tìm thấy 1 kiến nghị" in page and answered_petition.title in page

    def test_filters_by_unit_field_agency_status_and_round(self, client, published, answered_petition, land):
        other = extra(published, title="Sửa đường liên xã", status=PetitionStatus.FORWARDED)
        params = {"unit": published.unit_id, "field": land.pk, "agency": answered_petition.agency_id,
                  "status": answered_petition.status, "round": published.pk}
        page = text(client.get(reverse("public:petitions"), params))
        assert answered_petition.title in page and other.title not in page
        page = text(client.get(reverse("public:petitions"), {"status": PetitionStatus.FORWARDED}))
        assert other.title in page and answered_petition.title not in page

    def test_an_unpublished_round_is_neither_found_nor_offered(self, client, published, province):
        hidden = RoundFactory(unit=province.unit, organiser=province.front, title="Đợt chưa công khai")
        extra(hidden, title="Kiến nghị chưa công khai về đất đai")
        page = text(client.get(reverse("public:petitions"), {"q": "dat dai"}))
        assert "Kiến nghị chưa công khai" not in page and "Đợt chưa công khai" not in page
        refused = client.get(reverse("public:petitions"), {"round": hidden.pk})
        assert refused.status_code == 400 and "Đợt tiếp xúc cử tri:" in text(refused)

    def test_the_last_round_comes_first_each_in_its_numbers_order(self, client, published, staff_a, province):
        later = services.round_results_publish(
            round_=RoundFactory(unit=province.unit, organiser=province.front, title="Đợt sau"), by=staff_a)
        second, first = extra(later, title="Kiến nghị thứ hai"), extra(later, title="Kiến nghị thứ nhất")
        first.number, second.number = 1, 2
        first.save(), second.save()
        page = text(client.get(reverse("public:petitions")))
        older = published.petitions.exclude(status=PetitionStatus.MERGED).order_by("number").first()
        assert page.index(first.title) < page.index(second.title) < page.index(older.title)

    def test_past_the_cap_the_count_says_more_than_and_the_pages_stop(self, client, published, monkeypatch):
        monkeypatch.setattr("public_pages.views.COUNT_CAP", 3)
        monkeypatch.setattr("public_pages.views.PAGE_SIZE", 2)
        batch(4, published, status=PetitionStatus.FORWARDED)  # 5 published with answered_petition
        page = text(client.get(reverse("public:petitions")))
        assert "Tìm thấy hơn 3 kiến nghị" in page and "hãy tìm hoặc lọc cụ thể hơn" in page
        assert "Trang 1 / 2" in page
        last = text(client.get(reverse("public:petitions"), {"page": 9}))
        assert "Trang 2 / 2" in last and last.count('class="petition-item"') == 1

    def test_a_search_past_its_cap_shows_its_matches_in_order(self, client, published, monkeypatch):
        monkeypatch.setattr("public_pages.views.SEARCH_COUNT_CAP", 2)
        monkeypatch.setattr("public_pages.views.PAGE_SIZE", 2)
        found = batch(3, published, title="Nạo vét kênh mương", status=PetitionStatus.FORWARDED)
        batch(2, published, title="Sửa đường liên xã", status=PetitionStatus.FORWARDED)
        page = text(client.get(reverse("public:petitions"), {"q": "nao vet kenh"}))
        assert "Tìm thấy hơn 2 kiến nghị" in page
        codes = [f"{p.round_id}-{p.number}" for p in sorted(found, key=lambda p: p.number)]
        assert page.count('class="petition-item"') == 2 and page.index(codes[0]) < page.index(codes[1])
        assert "Sửa đường" not in page

    @pytest.mark.parametrize("head", [1, 10_000])  # the count found in the list's first rows or by the index
    def test_a_search_counts_its_matches_exactly_or_says_more_than(self, client, published, monkeypatch,
                                                                    head):
        monkeypatch.setattr("public_pages.paging.HEAD_ROWS", head)
        monkeypatch.setattr("public_pages.views.SEARCH_COUNT_CAP", 3)
        batch(3, published, title="Nạo vét kênh mương số 12", status=PetitionStatus.FORWARDED)
        batch(2, published, title="Nạo vét kênh mương số 7", status=PetitionStatus.FORWARDED)
        batch(2, published, title="Sửa đường liên xã", status=PetitionStatus.FORWARDED)
        assert "Tìm thấy 3 kiến nghị" in text(client.get(reverse("public:petitions"), {"q": "kenh muong 12"}))
        assert "Tìm thấy 2 kiến nghị" in text(client.get(reverse("public:petitions"), {"q": "Sửa đường"}))
        page = text(client.get(reverse("public:petitions"), {"q": "nao vet kenh"}))
        assert "Tìm thấy hơn 3 kiến nghị" in page and "Sửa đường" not in page
        assert "Tìm thấy 0 kiến nghị" in text(client.get(reverse("public:petitions"), {"q": "kenh xa"}))

    def test_a_round_past_the_cap_says_more_than(self, client, published, monkeypatch):
        monkeypatch.setattr("public_pages.views.ROUND_COUNT_CAP", 2)
        monkeypatch.setattr("public_pages.views.COUNT_CAP", 2)
        batch(3, published, status=PetitionStatus.FORWARDED)
        assert "hơn 2 kiến nghị" in text(client.get(reverse("public:unit", args=[published.unit_id])))
        assert "Hơn 2 kiến nghị" in text(client.get(reverse("public:round", args=[published.pk])))

    @pytest.mark.parametrize("rows", [1, 50])
    def test_the_list_reads_a_constant_number_of_queries(self, client, published, rows,
                                                         django_assert_max_num_queries):
        batch(rows, published, status=PetitionStatus.FORWARDED)
        with django_assert_max_num_queries(9):
            response = client.get(reverse("public:petitions"), {"q": "dat dai"})
        assert response.status_code == 200

    @pytest.mark.parametrize("rows", [1, 50])
    def test_the_round_page_reads_a_constant_number_of_queries(self, client, published, rows,
                                                               django_assert_max_num_queries):
        batch(rows, published, status=PetitionStatus.FORWARDED)
        with django_assert_max_num_queries(5):
            assert client.get(reverse("public:round", args=[published.pk])).status_code == 200


@covers("public:reception")
class TestReceptionSchedule:
    def test_it_shows_days_and_places_and_nothing_about_visitors(self, client, province, today):
        day = ReceptionDayFactory(host_body=province.standing, day=today + timedelta(days=5),
                                  place="Trụ sở tiếp công dân tỉnh", receiver="Ông Lê Văn Riêng")
        VisitFactory(reception=day, citizens="Bà Trần Thị Khiếu", content="Khiếu nại đền bù")
        page = text(client.get(reverse("public:reception")))
        assert "Trụ sở tiếp công dân tỉnh" in page
        assert (today + timedelta(days=5)).strftime("%d/%m/%Y") in page
        for secret in ("Lê Văn Riêng", "Trần Thị Khiếu", "Khiếu nại đền bù"):
            assert secret not in page

    @pytest.mark.parametrize("unit", ["abc", "99999999999999999999999", "-1"])
    def test_a_wrong_unit_is_refused_naming_the_box(self, client, province, today, unit):
        ReceptionDayFactory(host_body=province.standing, day=today + timedelta(days=5))
        response = client.get(reverse("public:reception"), {"unit": unit})
        assert response.status_code == 400 and "Đơn vị: chọn một đơn vị trong danh sách." in text(response)

    @pytest.mark.parametrize("rows", [1, 50])
    def test_it_reads_a_constant_number_of_queries(self, client, province, today, rows,
                                                   django_assert_max_num_queries):
        ReceptionDayFactory.create_batch(rows, host_body=province.standing, day=today + timedelta(days=2))
        with django_assert_max_num_queries(4):
            assert client.get(reverse("public:reception"), {"unit": province.unit.pk}).status_code == 200


def _regulation(province, status=Regulation.Status.IN_FORCE, **extra):
    return Regulation.objects.create(number="01/QCPH-TTHĐND-UBND", title="Quy chế phối hợp công tác",
                                     unit=province.unit, status=status, **extra)


@covers("public:regulations", "public:regulation", "public:regulation_pdf")
class TestRegulations:
    def test_a_regulation_in_force_shows_with_its_text_and_signed_copy(self, client, province):
        regulation = _regulation(province, scanned_copy=SimpleUploadedFile("ban-ky.pdf", PDF))
        article = regulation.articles.create(number="1", title="Phạm vi điều chỉnh", order=1)
        article.clauses.create(number="1", text="Quy chế này quy định việc phối hợp.", order=1)
        assert regulation.title in text(client.get(reverse("public:regulations")))
        page = text(client.get(reverse("public:regulation", args=[regulation.pk])))
        assert "Phạm vi điều chỉnh" in page and "Quy chế này quy định việc phối hợp." in page
        pdf = client.get(reverse("public:regulation_pdf", args=[regulation.pk]))
        assert pdf.status_code == 200 and b"".join(pdf.streaming_content) == PDF

    def test_a_draft_is_404(self, client, province):
        draft = _regulation(province, status=Regulation.Status.DRAFT,
                            scanned_copy=SimpleUploadedFile("ban-ky.pdf", PDF))
        assert draft.title not in text(client.get(reverse("public:regulations")))
        assert client.get(reverse("public:regulation", args=[draft.pk])).status_code == 404
        assert client.get(reverse("public:regulation_pdf", args=[draft.pk])).status_code == 404

    def test_without_a_signed_copy_there_is_no_pdf(self, client, province):
        regulation = _regulation(province)
        assert client.get(reverse("public:regulation_pdf", args=[regulation.pk])).status_code == 404

    @pytest.mark.parametrize("rows", [1, 50])
    def test_the_list_reads_a_constant_number_of_queries(self, client, province, rows,
                                                         django_assert_max_num_queries):
        for i in range(rows):
            Regulation.objects.create(number=f"{i + 1}/QCPH", title=f"Quy chế {i}", unit=province.unit,
                                      status=Regulation.Status.IN_FORCE)
        with django_assert_max_num_queries(2):
            assert client.get(reverse("public:regulations")).status_code == 200


@covers("public:feed_rss", "public:feed_atom")
class TestFeeds:
    def test_newly_answered_petitions_of_published_rounds_only(self, client, published, answered_petition,
                                                               province, today):
        hidden = RoundFactory(unit=province.unit, organiser=province.front)
        extra(hidden, title="Trả lời chưa công khai", status=PetitionStatus.ANSWERED,
                        answered_on=today, agency=province.agency)
        rss = text(client.get(reverse("public:feed_rss")))
        atom = client.get(reverse("public:feed_atom"))
        assert atom["Content-Type"].startswith("application/atom+xml")
        for feed in (rss, text(atom)):
            assert answered_petition.title in feed and "Đã cấp giấy chứng nhận" in feed
            assert petition_url(answered_petition) in feed and "Trả lời chưa công khai" not in feed

    @pytest.mark.parametrize("rows", [1, 50])
    def test_it_reads_a_constant_number_of_queries(self, client, published, province, today, rows,
                                                   django_assert_max_num_queries):
        batch(rows, published, status=PetitionStatus.ANSWERED, answered_on=today,
                                     agency=province.agency)
        with django_assert_max_num_queries(2):
            assert client.get(reverse("public:feed_rss")).status_code == 200


@covers("public:data_csv", "public:data_json")
class TestOpenData:
    def test_csv_and_json_hold_the_published_petitions_with_the_same_filters(self, client, published,
                                                                             answered_petition, province):
        hidden = RoundFactory(unit=province.unit, organiser=province.front)
        extra(hidden, title="Kiến nghị chưa công khai")
        extra(published, title="Sửa đường liên xã", status=PetitionStatus.FORWARDED)
        response = client.get(reverse("public:data_csv"), {"q": "giay chung nhan"})
        assert response.streaming and response["Content-Type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(text(response).lstrip("\ufeff"))))
        assert [r["noi_dung"] for r in rows] == [answered_petition.title]
        assert rows[0]["ma"] == f"{answered_petition.round_id}-{answered_petition.number}"
        assert rows[0]["van_ban_tra_loi"] == "512/STNMT-QLĐĐ" and rows[0]["tien_do"] == "Trả lời đúng hạn"
        data = json.loads(text(client.get(reverse("public:data_json"))))
        assert {d["noi_dung"] for d in data} == {answered_petition.title, "Sửa đường liên xã"}
        assert all(d["duong_dan"].startswith("http://testserver/cong-khai/kien-nghi/") for d in data)

    @pytest.mark.parametrize("rows", [1, 50])
    def test_a_download_reads_a_constant_number_of_queries(self, client, published, rows,
                                                           django_assert_max_num_queries):
        batch(rows, published, status=PetitionStatus.FORWARDED)
        with django_assert_max_num_queries(5):
            assert len(json.loads(text(client.get(reverse("public:data_json"))))) == rows + 1


class TestLimits:
    @pytest.fixture
    def limit(self, settings):
        """A limit of ``n`` requests in a day-long window (no window ends during the test), counted afresh."""

        def _limit(n):
            settings.PUBLIC_RATE_LIMIT, settings.PUBLIC_RATE_WINDOW = n, 86_400
            cache.delete_many([rate_key(address) for address in ("127.0.0.1", "10.0.0.9")])

        yield _limit
        cache.delete_many([rate_key(address) for address in ("127.0.0.1", "10.0.0.9")])

    def test_an_anonymous_client_past_the_limit_gets_429_in_vietnamese(self, client, published, limit):
        limit(3)
        url = reverse("public:index")
        assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
        refused = client.get(url)
        assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
        assert "Bạn đã mở quá nhiều trang trong thời gian ngắn" in text(refused)
        other = client.get(url, REMOTE_ADDR="10.0.0.9")  # another address is counted apart
        assert other.status_code == 200

    def test_signed_in_officers_are_not_limited(self, login, viewer, published, limit):
        limit(1)
        client = login(viewer)
        assert {client.get(reverse("public:index")).status_code for _ in range(3)} == {200}

    def test_anonymous_pages_are_cached_briefly(self, client, published):
        url = reverse("public:index")
        first, second = client.get(url), client.get(url)
        assert first["X-Public-Cache"] == "miss" and second["X-Public-Cache"] == "hit"
        assert second.content == first.content and "max-age=60" in second["Cache-Control"]
