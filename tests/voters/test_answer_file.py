"""The agency attaches its answer document; only those who may read the petition download it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.url_coverage import covers
from voters import services
from voters.models import PetitionStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _answer(client, petition, today, upload):
    return client.post(
        reverse("voters:petition_answer", args=[petition.pk]),
        {
            "category": "resolved",
            "answer_text": "Đã cấp giấy",
            "answered_on": today.isoformat(),
            "answer_document": "12/SNN",
            "answer_file": upload,
        },
    )


@covers("voters:petition_answer", "voters:petition_answer_file")
class TestAnswerFile:
    def test_the_agency_attaches_the_document_and_a_viewer_of_the_unit_downloads_it(
        self, login, agency_officer, viewer, routed_petition, today
    ):
        client = login(agency_officer)
        assert (
            'enctype="multipart/form-data"' in client.get(routed_petition.get_absolute_url()).content.decode()
        )
        response = _answer(
            client, routed_petition, today, SimpleUploadedFile("tra-loi.pdf", b"%PDF-1.7 tra loi")
        )
        assert response.status_code == 302
        routed_petition.refresh_from_db()
        assert (
            routed_petition.status == PetitionStatus.ANSWERED
            and routed_petition.answer_file.name.endswith(".pdf")
        )
        url = reverse("voters:petition_answer_file", args=[routed_petition.pk])
        assert url in login(viewer).get(routed_petition.get_absolute_url()).content.decode()
        download = login(viewer).get(url)
        assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.7 tra loi"
        assert "attachment" in download["Content-Disposition"]

    def test_outsiders_and_anonymous_users_do_not_get_the_file(
        self, login, outsider, routed_petition, today, client
    ):
        services.petition_answer(
            petition=routed_petition,
            category="resolved",
            answer_text="Xong",
            answered_on=today,
            answer_file=SimpleUploadedFile("tra-loi.pdf", b"%PDF-1.7"),
        )
        url = reverse("voters:petition_answer_file", args=[routed_petition.pk])
        assert client.get(url).status_code == 302
        assert login(outsider).get(url).status_code == 404

    def test_a_petition_without_a_file_has_nothing_to_download(self, login, viewer, routed_petition):
        assert (
            login(viewer).get(reverse("voters:petition_answer_file", args=[routed_petition.pk])).status_code
            == 404
        )

    @pytest.mark.parametrize(
        ("upload", "message"),
        [
            (
                SimpleUploadedFile("tra-loi.exe", b"MZ\x90\x00"),
                "Tệp văn bản trả lời: tệp “tra-loi.exe” không đúng loại",
            ),
            (
                SimpleUploadedFile("tra-loi.pdf", b"<html>gia mao</html>"),
                "Tệp văn bản trả lời: nội dung tệp “tra-loi.pdf” không phải tệp PDF",
            ),
        ],
    )
    def test_a_file_of_the_wrong_type_is_refused_and_nothing_is_saved(
        self, login, agency_officer, routed_petition, today, upload, message
    ):
        response = _answer(login(agency_officer), routed_petition, today, upload)
        assert response.status_code == 400 and message in response.content.decode()
        routed_petition.refresh_from_db()
        assert routed_petition.status == PetitionStatus.FORWARDED and not routed_petition.answer_file

    def test_a_file_over_the_size_limit_is_refused(
        self, login, agency_officer, routed_petition, today, settings
    ):
        settings.MAX_UPLOAD_MB = 1
        big = SimpleUploadedFile("tra-loi.pdf", b"%PDF" + b"0" * (1024 * 1024 + 10))
        response = _answer(login(agency_officer), routed_petition, today, big)
        assert (
            response.status_code == 400
            and "Tệp văn bản trả lời: tệp “tra-loi.pdf” lớn hơn 1 MB" in response.content.decode()
        )
        routed_petition.refresh_from_db()
        assert routed_petition.status == PetitionStatus.FORWARDED and not routed_petition.answer_file


def test_a_signed_answer_gets_its_badge_and_the_register_filters_on_it(
    login, agency_officer, staff_a, routed_petition, today, committed, settings, tmp_path
):
    from tests.signing_ca import a_pdf, authority, issue, sign

    root = tmp_path / "goc.pem"
    root.write_bytes(authority().pem)
    settings.SIGNING_TRUST_ROOTS = [str(root)]
    pdf, slots = a_pdf()
    signed = sign(
        pdf, issue("Giám đốc Sở", "Sở Nông nghiệp và Môi trường"), slots[0], "Giám đốc Sở", "Chu-ky-1"
    )
    with committed():
        _answer(login(agency_officer), routed_petition, today, SimpleUploadedFile("tra-loi.pdf", signed))
    page = login(staff_a).get(routed_petition.get_absolute_url()).content.decode()
    assert (
        "Đã ký số bởi Giám đốc Sở (Sở Nông nghiệp và Môi trường)" in page
        and "nội dung còn nguyên vẹn" in page
    )
    register = reverse("voters:petition_list")
    assert routed_petition.title in login(staff_a).get(register, {"answer_signed": "valid"}).content.decode()
    assert (
        routed_petition.title not in login(staff_a).get(register, {"answer_signed": "none"}).content.decode()
    )
