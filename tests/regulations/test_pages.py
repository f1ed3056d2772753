"""Every regulations page: who may see it, who may change through it, and what a person sees."""

import io
import unicodedata
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from coordination.models import CoordinationArea, GeneratedReport
from regulations.models import Obligation, Party, Regulation
from tests.exports import export_xlsx
from tests.regulations.factories import OLD_SAMPLE, draft_text, import_text, in_force, sample_text
from tests.url_coverage import covers

pytestmark = pytest.mark.django_db


def _regulations(unit, count, bodies):
    for n in range(count):
        regulation = Regulation.objects.create(
            number=f"{n + 100}/QCPH-TTHĐND-UBND",
            title=f"Quy chế phối hợp số {n}",
            unit=unit,
            status="in_force",
            effective_from=date(2026, 1, 1),
        )
        for order, body in enumerate(bodies):
            Party.objects.create(regulation=regulation, body=body, order=order)


# --- List ----------------------------------------------------------------------------------------


@covers("regulations:list")
def test_the_list_shows_only_the_units_regulations_and_drafts_only_inside_the_unit(
    login, province, staff_a, outsider, sample
):
    assert (
        "12/QCPH-ĐĐBQH-TTHĐND-UBND-BTTUBMTTQ"
        in login(staff_a).get(reverse("regulations:list")).content.decode()
    )
    page = login(outsider).get(reverse("regulations:list")).content.decode()
    assert "12/QCPH" not in page
    assert "Nhập quy chế" in page  # the outsider is staff of their own province's Standing Committee


def test_the_list_hides_the_import_button_from_viewers(login, viewer, sample):
    page = login(viewer).get(reverse("regulations:list")).content.decode()
    assert "12/QCPH" in page and "Nhập quy chế" not in page


def test_search_without_diacritics_and_filters(login, province, staff_a, sample):
    in_force(
        import_text(OLD_SAMPLE.read_text(encoding="utf-8"), province.unit), effective_from=date(2021, 10, 5)
    )
    client = login(staff_a)
    page = client.get(reverse("regulations:list"), {"q": "nhiem ky 2021 - 2026"}).content.decode()
    assert "794/QCPH" in page and "12/QCPH" not in page
    page = client.get(reverse("regulations:list"), {"status": "draft"}).content.decode()
    assert "12/QCPH" in page and "794/QCPH" not in page
    page = client.get(reverse("regulations:list"), {"party": province.na_delegation.pk}).content.decode()
    assert "12/QCPH" in page and "794/QCPH" not in page
    area = sample.articles.get(number="4").areas.get()
    page = client.get(reverse("regulations:list"), {"area": area.pk}).content.decode()
    assert "12/QCPH" in page and "794/QCPH" not in page
    assert (
        page.count("/QCPH-") == 1 and "1 kết quả" in page
    )  # one row, though several articles are in that area


def test_excel_export_and_print_view(login, staff_a, sample):
    client = login(staff_a)
    response = export_xlsx(client, reverse("regulations:list"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert any("12/QCPH-ĐĐBQH-TTHĐND-UBND-BTTUBMTTQ" in row for row in values)
    assert any(row[-1] == 17 for row in values)
    page = client.get(reverse("regulations:list"), {"format": "print"}).content.decode()
    assert "In trang này" in page and "Đoàn ĐBQH, TT HĐND, UBND, MTTQ" in page


def test_the_list_paginates(login, province, staff_a, settings):
    _regulations(province.unit, 30, [province.standing, province.committee])
    client = login(staff_a)
    first = client.get(reverse("regulations:list")).content.decode()
    second = client.get(reverse("regulations:list"), {"page": 2}).content.decode()
    assert "30 kết quả" in first
    assert first.count("/QCPH-TTHĐND-UBND</a>") == settings.PAGE_SIZE
    assert second.count("/QCPH-TTHĐND-UBND</a>") == 30 - settings.PAGE_SIZE


@pytest.mark.parametrize("rows", [1, 50])
def test_the_list_query_count_does_not_grow_with_rows(
    login, province, staff_a, rows, django_assert_max_num_queries
):
    _regulations(province.unit, rows, [province.standing, province.committee, province.front])
    client = login(staff_a)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("regulations:list")).status_code == 200
    # The click, the file made in the background and its download, together.
    with django_assert_max_num_queries(24):
        assert export_xlsx(client, reverse("regulations:list")).status_code == 200


# --- Detail, print, history, compare, consistency ----------------------------------------------


@covers("regulations:detail")
def test_the_detail_page_shows_contents_parties_citations_and_obligations(
    login, staff_a, viewer, outsider, sample
):
    url = sample.get_absolute_url()
    page = login(staff_a).get(url).content.decode()
    assert 'id="dieu-5"' in page and 'href="#dieu-5"' in page
    assert 'data-copy="Điều 5 Quy chế số 12/QCPH-ĐĐBQH-TTHĐND-UBND-BTTUBMTTQ"' in page
    # Clauses and points have their own anchor and a button that copies their own citation.
    assert 'id="dieu-5-khoan-2"' in page and 'id="dieu-7-khoan-2-diem-b"' in page
    assert 'data-copy="khoản 2 Điều 5 Quy chế số 12/QCPH-ĐĐBQH-TTHĐND-UBND-BTTUBMTTQ"' in page
    assert 'data-copy="điểm b khoản 2 Điều 7 Quy chế số 12/QCPH-ĐĐBQH-TTHĐND-UBND-BTTUBMTTQ"' in page
    assert "Trích dẫn khoản 2" in page and "Trích dẫn điểm b" in page
    assert "Trần Thị Bình" in page and "chậm nhất 20 ngày trước ngày khai mạc kỳ họp" in page
    assert "thay thời hạn luật: UBND gửi tờ trình, dự thảo nghị quyết để thẩm tra" in page
    assert "Xác nhận tất cả nghĩa vụ" in page
    viewer_page = login(viewer).get(url).content.decode()
    assert (
        "Trần Thị Bình" in viewer_page
        and "Xác nhận tất cả nghĩa vụ" not in viewer_page
        and "Sửa điều" not in viewer_page
    )
    assert login(outsider).get(url).status_code == 404


def test_the_detail_print_view(login, staff_a, sample):
    page = login(staff_a).get(sample.get_absolute_url(), {"format": "print"}).content.decode()
    assert "In trang này" in page and "Điều 17. Hiệu lực thi hành" in page and "site-header" not in page


def test_the_detail_page_query_count_is_bounded(login, staff_a, sample, django_assert_max_num_queries):
    client = login(staff_a)
    with django_assert_max_num_queries(18):
        assert client.get(sample.get_absolute_url()).status_code == 200


@covers("regulations:history")
def test_history_lists_changes_and_shows_the_text_as_at_a_date(login, staff_a, outsider, sample):
    url = reverse("regulations:history", args=[sample.pk])
    login(staff_a).post(
        reverse(
            "regulations:obligation_decide", args=[sample.obligations.get(deadline_code="submission_due").pk]
        )
    )
    page = login(staff_a).get(url).content.decode()
    assert "Thêm Điều 5. Chuẩn bị và tổ chức kỳ họp Hội đồng nhân dân tỉnh" in page
    assert "Sửa nghĩa vụ tại Điều 5 (Đã xác nhận)" in page and "Thêm bên ký kết TT HĐND: chưa ký" in page
    # each edit says what changed, by its label, as on every history page
    assert "<strong>Trạng thái</strong>: Đề xuất, chờ xác nhận → Đã xác nhận" in page
    page = login(staff_a).get(url, {"on": "01/01/2020"}).content.decode()
    assert "Ngày này quy chế chưa có nội dung trong hệ thống." in page
    page = login(staff_a).get(url, {"on": "31/12/2099"}).content.decode()
    assert "Văn bản tại ngày 31/12/2099" in page and "Phạm vi điều chỉnh" in page
    page = login(staff_a).get(url, {"on": "32/13/2026"}).content.decode()
    assert "Xem văn bản tại ngày (ngày/tháng/năm): ghi ngày/tháng/năm, ví dụ 20/01/2027." in page
    assert login(outsider).get(url).status_code == 404


@covers("regulations:compare")
def test_compare_with_the_superseded_regulation(login, province, staff_a, outsider):
    old = import_text(OLD_SAMPLE.read_text(encoding="utf-8"), province.unit)
    new = import_text(sample_text(), province.unit)
    url = reverse("regulations:compare", args=[new.pk])
    page = login(staff_a).get(url).content.decode()
    assert "So với Quy chế số 794/QCPH-TTHĐND-UBND-BTTUBMTTQ" in page
    assert "<del>25</del> <ins>30</ins>" in page and "Bổ sung" in page
    assert login(staff_a).get(url, {"with": old.pk}).status_code == 200
    assert login(outsider).get(url).status_code == 404
    # Nothing to compare with: not found rather than an error.
    assert login(staff_a).get(reverse("regulations:compare", args=[old.pk])).status_code == 404
    assert login(staff_a).get(url, {"with": "abc"}).status_code == 200  # falls back to the superseded one


@covers("regulations:consistency")
def test_consistency_with_the_province_regulation(login, province, staff_a, outsider):
    from tests.conftest import member
    from tests.factories import BodyFactory, CommuneFactory

    province_regulation = in_force(import_text(sample_text(), province.unit), effective_from=date(2026, 5, 6))
    commune = CommuneFactory(parent=province.unit)
    standing = BodyFactory(
        unit=commune, kind="council_standing", name="Thường trực HĐND xã", short_name="TT HĐND xã"
    )
    BodyFactory(unit=commune, kind="peoples_committee", name="UBND xã", short_name="UBND xã")
    commune_staff = member(standing)
    text = draft_text(number="3/QCPH-TTHĐND-UBND", articles=1).replace(
        "Nội dung phối hợp số 1\n1. UBND gửi báo cáo",
        "Chuẩn bị kỳ họp Hội đồng nhân dân xã\n1. UBND gửi tờ trình",
    )
    commune_regulation = import_text(text, commune)
    page = (
        login(commune_staff)
        .get(reverse("regulations:consistency", args=[commune_regulation.pk]))
        .content.decode()
    )
    assert f"Quy chế số {province_regulation.number}" in page
    assert "Tiếp công dân" in page  # an area the province covers and the commune does not
    assert "khoản 2 Điều 5 Quy chế số 12/" in page and "chậm nhất 06 ngày trước ngày khai mạc kỳ họp" in page
    assert (
        login(outsider).get(reverse("regulations:consistency", args=[commune_regulation.pk])).status_code
        == 404
    )


# --- Import ------------------------------------------------------------------------------------


@covers("regulations:import", "regulations:import_preview")
def test_import_preview_then_save(login, province, staff_a, preview_import):
    client = login(staff_a)
    upload = SimpleUploadedFile("quy-che.txt", sample_text().encode("utf-8-sig"), content_type="text/plain")
    page = preview_import(client, {"unit": province.unit.pk, "file": upload, "action": "preview"})
    html = page.content.decode()
    assert "Xem trước" in html and "Điều 5. Chuẩn bị và tổ chức kỳ họp" in html
    assert (
        "thay thời hạn luật: UBND gửi tờ trình, dự thảo nghị quyết để thẩm tra" in html
        and "submission_due" not in html
    )
    assert not Regulation.objects.exists()
    # The box holds the text read from the file, sent back as the browser sends a textarea (CR LF).
    response = client.post(
        page.wsgi_request.path,
        {"unit": province.unit.pk, "text": sample_text().replace("\n", "\r\n"), "action": "save"},
    )
    regulation = Regulation.objects.get()
    assert response.status_code == 302 and response["Location"] == regulation.get_absolute_url()
    assert regulation.created_by == staff_a and regulation.articles.count() == 17


def test_import_is_refused_to_viewers_and_agencies(login, viewer, agency_officer):
    assert login(viewer).get(reverse("regulations:import")).status_code == 403
    assert login(agency_officer).get(reverse("regulations:import")).status_code == 403


def test_import_cannot_target_another_province(login, staff_a, other_province):
    page = (
        login(staff_a)
        .post(
            reverse("regulations:import"),
            {"unit": other_province.unit.pk, "text": sample_text(), "action": "preview"},
        )
        .content.decode()
    )
    assert "Hãy chọn một lựa chọn hợp lệ" in page
    assert not Regulation.objects.exists() and not GeneratedReport.objects.exists()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"text": "Điều 1. A\nx\nĐiều 3. B\ny"}, "Nội dung quy chế: Dòng 3: Điều 3 không liền sau điều 1"),
        ({"text": ""}, "Hãy chọn tệp văn bản hoặc dán nội dung quy chế."),
        ({"file": ("anh.png", b"\x89PNG")}, "Tệp văn bản: chỉ nhận tệp .docx hoặc .txt."),
        ({"file": ("hong.docx", b"PK\x03\x04xx")}, "Nội dung quy chế: Không đọc được tệp Word .docx"),
        (
            {"file": ("cu.txt", b"\xd0\xcf\x11\xe0" + b"\x00" * 60)},
            "Nội dung quy chế: Tệp Word 97–2003 (.doc) chưa đọc được",
        ),
    ],
)
def test_bad_imports_say_what_is_wrong_and_save_nothing(
    login, province, staff_a, preview_import, data, message
):
    payload = {"unit": province.unit.pk, "action": "preview"}
    if "file" in data:
        name, content = data["file"]
        payload["file"] = SimpleUploadedFile(name, content)
    else:
        payload["text"] = data["text"]
    client = login(staff_a)
    response = preview_import(client, payload)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Regulation.objects.exists()
    assert "value=\"save\"" not in response.content.decode()  # no "Lưu quy chế" button
    # Saving from a page that read nothing only reads the text again.
    if response.wsgi_request.path != reverse("regulations:import"):
        client.post(response.wsgi_request.path, {**payload, "action": "save"})
        assert not Regulation.objects.exists()


def test_a_text_without_a_number_is_previewed_and_saving_says_what_is_missing(
    login, province, staff_a, preview_import
):
    client = login(staff_a)
    page = preview_import(
        client, {"unit": province.unit.pk, "text": draft_text(number=""), "action": "preview"}
    )
    response = client.post(
        page.wsgi_request.path, {"unit": province.unit.pk, "text": draft_text(number=""), "action": "save"}
    )
    assert "Văn bản không có dòng “Số: …”" in response.content.decode()
    assert not Regulation.objects.exists()


def test_an_oversized_upload_is_refused(login, province, staff_a, settings):
    settings.MAX_UPLOAD_MB = 1
    upload = SimpleUploadedFile("lon.txt", b"x" * (1024 * 1024 + 1))
    page = login(staff_a).post(
        reverse("regulations:import"), {"unit": province.unit.pk, "file": upload, "action": "save"}
    )
    assert "Tệp văn bản: tệp quá lớn" in page.content.decode()


# --- Obligations -------------------------------------------------------------------------------


@covers("regulations:obligation_edit")
def test_editing_and_confirming_an_obligation(login, province, staff_b, viewer, outsider, sample):
    obligation = sample.obligations.filter(lead_body__isnull=True).first()
    url = reverse("regulations:obligation_edit", args=[obligation.pk])
    assert login(outsider).get(url).status_code == 404
    assert login(viewer).get(url).status_code == 403
    client = login(staff_b)
    assert "Câu gốc" in client.get(url).content.decode()
    data = {
        "action": obligation.action,
        "lead_body": province.committee.pk,
        "cooperating_bodies": [province.front.pk],
        "deadline_code": "recommendation_answer",
        "rule_kind": "relative",
        "anchor": "receipt",
        "direction": "after",
        "amount": 45,
        "day_unit": "calendar",
        "remote_extra_days": 0,
        "confirm": "1",
    }
    assert client.post(url, data).status_code == 302
    obligation.refresh_from_db()
    assert (obligation.status, obligation.lead_body, obligation.amount, obligation.confirmed_by) == (
        "confirmed", province.committee, 45, staff_b)


def test_a_bad_obligation_form_names_the_field_and_saves_nothing(login, province, staff_b, sample):
    obligation = sample.obligations.filter(lead_body__isnull=True).first()
    url = reverse("regulations:obligation_edit", args=[obligation.pk])
    data = {
        "action": obligation.action,
        "rule_kind": "relative",
        "anchor": "",
        "direction": "after",
        "amount": 0,
        "day_unit": "calendar",
        "remote_extra_days": 0,
        "confirm": "1",
    }
    page = login(staff_b).post(url, data).content.decode()
    assert "Thời hạn tính từ một sự kiện: hãy chọn mốc tính." in page
    assert "số ngày phải lớn hơn 0" in page
    data.update(anchor="receipt", amount=5, deadline_code="submission_due")
    page = login(staff_b).post(url, data).content.decode()
    assert (
        "Thay thế “UBND gửi tờ trình, dự thảo nghị quyết để thẩm tra” thì thời hạn phải tính từ ngày khai "
        "mạc kỳ họp."
        in page
    )
    data.update(deadline_code="")
    page = login(staff_b).post(url, data).content.decode()
    assert "hãy chọn cơ quan chủ trì trước khi xác nhận" in page
    obligation.refresh_from_db()
    assert obligation.status == "proposed" and obligation.amount != 5


@covers("regulations:obligation_decide")
def test_confirm_or_reject_one_obligation(login, staff_a, viewer, outsider, sample):
    obligation = sample.obligations.get(deadline_code="submission_due")
    url = reverse("regulations:obligation_decide", args=[obligation.pk])
    assert login(outsider).post(url).status_code == 404
    assert login(viewer).post(url).status_code == 403
    assert login(staff_a).get(url).status_code == 405
    login(staff_a).post(url, {"decision": "confirm"})
    obligation.refresh_from_db()
    assert obligation.status == "confirmed"
    login(staff_a).post(url, {"decision": "reject"})
    obligation.refresh_from_db()
    assert obligation.status == "rejected"


@covers("regulations:obligations_confirm_all")
def test_confirm_all_confirms_those_with_a_lead(login, staff_a, viewer, outsider, sample):
    url = reverse("regulations:obligations_confirm_all", args=[sample.pk])
    assert login(outsider).post(url).status_code == 404
    assert login(viewer).post(url).status_code == 403
    response = login(staff_a).post(url, follow=True)
    with_lead = sample.obligations.filter(lead_body__isnull=False).count()
    assert sample.obligations.filter(status=Obligation.Status.CONFIRMED).count() == with_lead
    assert "chưa có cơ quan chủ trì" in response.content.decode()


# --- Signatures, status, articles, scan, export ------------------------------------------------


@covers("regulations:party_sign")
def test_only_a_leader_of_the_party_records_its_signature(login, province, leader, staff_a, outsider):
    regulation = import_text(draft_text(), province.unit)
    party = regulation.parties.get(body=province.standing)
    other = regulation.parties.get(body=province.committee)
    url = reverse("regulations:party_sign", args=[party.pk])
    assert login(outsider).get(url).status_code == 404
    assert login(staff_a).get(url).status_code == 403
    assert login(leader).get(reverse("regulations:party_sign", args=[other.pk])).status_code == 403
    page = login(leader).post(url, {"signer_name": "", "signer_title": "CHỦ TỊCH", "signed_on": "12/03/2026"})
    assert "Họ và tên người ký" in page.content.decode()
    response = login(leader).post(
        url, {"signer_name": "Nguyễn Văn Thành", "signer_title": "CHỦ TỊCH", "signed_on": "12/03/2026"}
    )
    assert response.status_code == 302
    party.refresh_from_db()
    assert (party.signer_name, party.signed_on, party.recorded_by) == (
        "Nguyễn Văn Thành",
        date(2026, 3, 12),
        leader,
    )


@covers("regulations:article_edit")
def test_editing_an_article_of_a_draft_and_a_signed_one(login, province, staff_a, viewer, outsider):
    regulation = import_text(draft_text(), province.unit)
    article = regulation.articles.get(number="1")
    url = reverse("regulations:article_edit", args=[article.pk])
    assert login(outsider).get(url).status_code == 404
    assert login(viewer).get(url).status_code == 403
    client = login(staff_a)
    assert "1. UBND gửi báo cáo" in client.get(url).content.decode()
    page = client.post(url, {"title": "A", "clauses_text": "1. x\n3. y"}).content.decode()
    assert "Nội dung Điều 1: dòng 2 ô các khoản: Khoản (Điều 1) 3 không liền sau khoản 1" in page
    area = CoordinationArea.objects.get(code="citizen_reception")
    assert (
        client.post(url, {"title": "Tên mới", "clauses_text": "1. x\n2. y", "areas": [area.pk]}).status_code
        == 302
    )
    article.refresh_from_db()
    assert article.title == "Tên mới" and article.clauses.count() == 2
    assert list(article.areas.all()) == [area]
    in_force(regulation, effective_from=date(2026, 3, 12))
    page = client.post(url, {"title": "Tên khác", "clauses_text": "1. x"}).content.decode()
    assert "chỉ sửa được khi ghi nhận văn bản sửa đổi" in page
    assert (
        client.post(
            url,
            {
                "title": "Tên khác",
                "clauses_text": "1. x",
                "amendment": "Quy chế số 2/QCPH-TTHĐND-UBND",
                "amendment_effective_from": "2026-04-01",
            },
        ).status_code
        == 302
    )


@covers("regulations:scan")
def test_the_signed_copy_is_a_checked_pdf_served_through_authorization(
    login, staff_a, viewer, outsider, sample
):
    url = reverse("regulations:scan", args=[sample.pk])
    assert login(staff_a).get(url).status_code == 404  # nothing uploaded yet
    page = login(staff_a).post(
        url, {"scanned_copy": SimpleUploadedFile("ban-ky.pdf", b"GIF89a")}, follow=True
    )
    assert "Bản ký: chỉ nhận tệp PDF." in page.content.decode()
    assert (
        login(viewer).post(url, {"scanned_copy": SimpleUploadedFile("b.pdf", b"%PDF-1.4 x")}).status_code
        == 403
    )
    login(staff_a).post(url, {"scanned_copy": SimpleUploadedFile("ban-ky.pdf", b"%PDF-1.4 ban ky")})
    response = login(viewer).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-1.4")
    assert login(outsider).get(url).status_code == 404


def test_an_oversized_signed_copy_is_refused(login, staff_a, sample, settings):
    settings.MAX_UPLOAD_MB = 1
    upload = SimpleUploadedFile("ban-ky.pdf", b"%PDF-1.4 " + b"x" * (1024 * 1024))
    page = login(staff_a).post(
        reverse("regulations:scan", args=[sample.pk]), {"scanned_copy": upload}, follow=True
    )
    assert "Bản ký: tệp quá lớn (1.0 MB); tối đa 1 MB." in page.content.decode()
    sample.refresh_from_db()
    assert not sample.scanned_copy


def test_a_main_body_of_the_unit_that_is_not_a_party_cannot_change_the_draft(login, province, front_staff):
    regulation = import_text(draft_text(), province.unit)  # Standing Committee and People's Committee only
    article = regulation.articles.get(number="1")
    client = login(front_staff)
    assert client.get(regulation.get_absolute_url()).status_code == 200
    assert client.get(reverse("regulations:edit", args=[regulation.pk])).status_code == 403
    assert (
        client.post(
            reverse("regulations:edit", args=[regulation.pk]), {"number": regulation.number, "title": "X"}
        ).status_code
        == 403
    )
    assert (
        client.post(
            reverse("regulations:article_edit", args=[article.pk]), {"title": "X", "clauses_text": "1. x"}
        ).status_code
        == 403
    )
    assert (
        client.post(reverse("regulations:transition", args=[regulation.pk, "negotiating"])).status_code == 403
    )
    regulation.refresh_from_db()
    article.refresh_from_db()
    assert (regulation.title, regulation.status, article.title) == (
        "QUY CHẾ PHỐI HỢP THỬ NGHIỆM",
        "draft",
        "Nội dung phối hợp số 1",
    )


@covers("regulations:export")
def test_export_queues_a_pdf_and_a_docx_for_readers(login, viewer, outsider, sample, committed):
    url = reverse("regulations:export", args=[sample.pk])
    assert login(outsider).post(url, {"format": "pdf"}).status_code == 404
    with committed():
        response = login(viewer).post(url, {"format": "pdf"})
    report = GeneratedReport.objects.get(kind="regulation_pdf")
    assert response["Location"] == report.get_absolute_url()
    report.refresh_from_db()
    assert report.status == "done" and report.file.read(5) == b"%PDF-"
    with committed():
        login(viewer).post(url, {"format": "docx"})
    assert GeneratedReport.objects.get(kind="regulation_docx").status == "done"
    page = login(viewer).post(url, {"format": "exe"}, follow=True).content.decode()
    assert "Định dạng xuất không hợp lệ" in page


@covers("regulations:edit")
def test_editing_the_header_of_a_draft(login, province, staff_a, viewer, outsider):
    regulation = import_text(draft_text(), province.unit)
    import_text(draft_text(number="6/QCPH-TTHĐND-UBND"), province.unit)
    url = reverse("regulations:edit", args=[regulation.pk])
    assert login(outsider).get(url).status_code == 404
    assert login(viewer).get(url).status_code == 403
    client = login(staff_a)
    data = {"number": "6/QCPH-TTHĐND-UBND", "title": "Tên mới", "place": "Hòa Phong",
            "effective_from": "10/03/2026", "effective_to": "01/03/2026"}
    page = client.post(url, data).content.decode()
    assert "Số, ký hiệu: đơn vị đã có quy chế số 6/QCPH-TTHĐND-UBND." in page
    assert "Hiệu lực đến phải sau ngày hiệu lực từ." in page
    data.update(number="7/QCPH-TTHĐND-UBND", effective_to="")
    page = client.post(url, {**data, "number": "bảy"}).content.decode()
    assert "không đúng mẫu văn bản hành chính" in page
    regulation.refresh_from_db()
    assert regulation.title != "Tên mới"
    assert client.post(url, data).status_code == 302
    regulation.refresh_from_db()
    assert (regulation.number, regulation.title, regulation.effective_from) == (
        "7/QCPH-TTHĐND-UBND",
        "Tên mới",
        date(2026, 3, 10),
    )
    in_force(regulation, effective_from=date(2026, 3, 10))
    response = client.get(url, follow=True)
    assert "thông tin chung không sửa được" in response.content.decode()


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def test_text_pasted_in_nfd_is_stored_nfc_and_an_nfd_duplicate_number_is_refused(
    login, province, staff_a, staff_b
):
    regulation = import_text(draft_text(), province.unit)
    import_text(draft_text(number="6/QCPH-TTHĐND-UBND"), province.unit)
    client = login(staff_a)
    url = reverse("regulations:edit", args=[regulation.pk])
    page = client.post(url, {"number": _nfd("6/QCPH-TTHĐND-UBND"), "title": _nfd("Tên mới")}).content.decode()
    assert "Số, ký hiệu: đơn vị đã có quy chế số 6/QCPH-TTHĐND-UBND." in page
    data = {
        "number": _nfd("7/QCPH-TTHĐND-UBND"),
        "title": _nfd("Quy chế phối hợp công tác"),
        "place": _nfd("Hòa Phong"),
        "recipients": _nfd("Thường trực Tỉnh ủy\nLưu: VT"),
    }
    assert client.post(url, data).status_code == 302
    regulation.refresh_from_db()
    assert (regulation.number, regulation.title, regulation.place, regulation.recipients) == (
        "7/QCPH-TTHĐND-UBND", "Quy chế phối hợp công tác", "Hòa Phong", "Thường trực Tỉnh ủy\nLưu: VT")
    assert regulation.history.first().history_user == staff_a
    obligation = regulation.obligations.first()
    data = {
        "action": _nfd("Gửi báo cáo thẩm tra"),
        "lead_body": province.committee.pk,
        "rule_kind": "relative",
        "anchor": "session_opening",
        "direction": "before",
        "amount": 7,
        "day_unit": "calendar",
        "remote_extra_days": 0,
    }
    assert (
        login(staff_b).post(reverse("regulations:obligation_edit", args=[obligation.pk]), data).status_code
        == 302
    )
    obligation.refresh_from_db()
    assert obligation.action == "Gửi báo cáo thẩm tra" and obligation.history.first().history_user == staff_b


def test_an_nfd_edit_in_the_admin_is_stored_nfc(client, superuser, province):
    regulation = import_text(draft_text(), province.unit)
    chapter = regulation.chapters.get()
    client.force_login(superuser)
    data = {
        "regulation": regulation.pk,
        "number": "I",
        "title": _nfd("QUY ĐỊNH CHUNG VỀ PHỐI HỢP"),
        "order": 1,
        "articles-TOTAL_FORMS": 0,
        "articles-INITIAL_FORMS": 0,
    }
    assert (
        client.post(reverse("admin:regulations_chapter_change", args=[chapter.pk]), data).status_code == 302
    )
    chapter.refresh_from_db()
    assert chapter.title == "QUY ĐỊNH CHUNG VỀ PHỐI HỢP"


def test_the_dashboard_figures(province, sample):
    from regulations.providers import figures

    in_force(sample)
    values = {
        f.key: f.value
        for f in figures(unit_ids={province.unit.pk}, start=date(2026, 1, 1), end=date(2026, 12, 31))
    }
    assert values["regulations_in_force"] == 1
    assert (
        values["regulation_obligations_confirmed"]
        == sample.obligations.filter(status="confirmed").count()
        > 10
    )
    assert figures(unit_ids=set(), start=date(2026, 1, 1), end=date(2026, 12, 31))[0].value == 0


@pytest.mark.today("2026-12-10")
def test_the_text_on_a_day_follows_legal_dates_not_when_it_was_typed_in(login, province, staff_a):
    """A regulation in force since 06/05/2026, typed into the system in December, amended by an act that
    takes effect on 01/12/2026: 10/05/2026 shows the first text, 05/12/2026 the amended one."""
    from regulations.services import article_update

    regulation = in_force(import_text(draft_text(), province.unit), effective_from=date(2026, 5, 6))
    article = regulation.articles.get(number="1")
    article_update(
        article=article,
        title="Nội dung phối hợp số 1",
        text="",
        clauses_text="1. UBND gửi báo cáo đến Thường trực HĐND chậm nhất 9 ngày trước ngày khai mạc kỳ họp.",
        by=staff_a,
        amendment="Quyết định 15/QĐ-TTHĐND",
        amendment_effective_from=date(2026, 12, 1),
    )
    client = login(staff_a)
    history = reverse("regulations:history", args=[regulation.pk])

    def text_on(day: str) -> str:  # the text as at that day (the log of changes below holds both)
        page = client.get(history, {"on": day}).content.decode()
        return page.split('data-testid="as-of"', 1)[1].split("</section>", 1)[0]

    may = text_on("10/05/2026")
    assert "chậm nhất 6 ngày" in may and "chậm nhất 9 ngày" not in may
    december = text_on("05/12/2026")
    assert "chậm nhất 9 ngày" in december and "chậm nhất 6 ngày" not in december
    before = client.get(history, {"on": "01/04/2026"}).content.decode()
    assert "Ngày 01/04/2026 quy chế chưa có hiệu lực (hiệu lực từ 06/05/2026)" in before

    compare = reverse("regulations:compare", args=[regulation.pk])
    page = client.get(compare, {"on": "10/05/2026"}).content.decode()
    assert "so với hiện nay" in page and "<del>6</del> <ins>9</ins>" in page
    page = client.get(compare, {"on": "10/05/2026", "to": "30/11/2026"}).content.decode()
    assert "Văn bản ngày 10/05/2026 so với ngày 30/11/2026" in page and "Giữ nguyên: 3" in page


def test_an_amendment_of_a_regulation_in_force_needs_the_day_it_takes_effect(login, province, staff_a):
    regulation = in_force(import_text(draft_text(), province.unit), effective_from=date(2026, 5, 6))
    article = regulation.articles.get(number="1")
    response = login(staff_a).post(reverse("regulations:article_edit", args=[article.pk]), {
        "title": article.title, "text": "", "amendment": "Quyết định 15/QĐ-TTHĐND",
        "clauses_text": "1. UBND gửi báo cáo chậm nhất 9 ngày trước ngày khai mạc kỳ họp."})
    assert "Hãy nhập ngày văn bản sửa đổi, bổ sung có hiệu lực." in response.content.decode()
    assert "chậm nhất 6 ngày" in article.clauses.get().text and not regulation.amendments.exists()


def test_sections_are_shown_on_the_page_and_in_the_pdf_layout(login, province, staff_a):
    from django.template.loader import render_to_string

    from regulations.reports import PDF_TEMPLATE, regulation_document

    text = draft_text(articles=2).replace("QUY ĐỊNH CHUNG\n\n", "QUY ĐỊNH CHUNG\nMục 1 - PHẠM VI\n").replace(
        "\n\nĐiều 2.", "\nMục 2\nNGUYÊN TẮC\nĐiều 2."
    )
    regulation = import_text(text, province.unit)
    page = login(staff_a).get(regulation.get_absolute_url()).content.decode()
    assert 'id="chuong-i-muc-1">Mục 1. PHẠM VI</h3>' in page and "Mục 2. NGUYÊN TẮC" in page
    assert "Mục 2. NGUYÊN TẮC" in render_to_string(PDF_TEMPLATE, regulation_document(regulation))
