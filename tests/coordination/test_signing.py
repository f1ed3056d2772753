"""Digital signatures: leaders sign generated documents in turn (PAdES, visible stamp), and every uploaded PDF is
checked when it comes back. The tests make their own CA (tests/signing_ca.py) and trust only it."""

import io
from datetime import UTC, datetime
from pathlib import Path

import pdfplumber
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coordination import services, signing
from coordination.models import (
    DocumentSignature,
    FollowUp,
    GeneratedReport,
    Role,
    SignatureCheck,
    SigningCredential,
)
from tests.conftest import member
from tests.documents import to_pngs
from tests.signing_ca import a_pdf, authority, issue, picture, sign
from tests.url_coverage import covers

pytestmark = pytest.mark.today("2026-12-10")

OTHER_ROOT = "CA không ai tin"


@pytest.fixture(autouse=True)
def trusted_test_root(settings, tmp_path):
    path = tmp_path / "goc-tin-cay.pem"
    path.write_bytes(authority().pem)
    settings.SIGNING_TRUST_ROOTS = [str(path)]
    return path


class TestSignAndVerify:
    def test_a_document_signed_with_the_test_ca_verifies_with_signer_body_and_time(self):
        pdf, slots = a_pdf()
        signed = sign(pdf, issue("Trần Thị Bình", "Thường trực HĐND tỉnh Hòa Phong"), slots[0], "Trần Thị Bình", "Chu-ky-1")
        [finding] = signing.verify_pdf(signed)
        assert (finding.outcome, finding.signer, finding.body) == ("valid", "Trần Thị Bình", "Thường trực HĐND tỉnh Hòa Phong")
        assert finding.signed_at_text.startswith("10/12/2026 ")  # dd/mm/yyyy hh:mm:ss, Việt Nam time
        assert finding.warning == ""

    def test_one_flipped_byte_reads_changed(self):
        pdf, slots = a_pdf()
        signed = bytearray(sign(pdf, issue("Trần Thị Bình", "Thường trực HĐND"), slots[0], "Trần Thị Bình", "Chu-ky-1"))
        signed[signed.find(b"stream", 1000) + 30] ^= 0x01
        [finding] = signing.verify_pdf(bytes(signed))
        assert finding.outcome == "changed" and finding.warning == "Tài liệu đã bị sửa sau khi ký"

    def test_a_certificate_expired_at_signing_and_one_nobody_trusts(self):
        pdf, slots = a_pdf()
        expired = issue("Người hết hạn", "UBND", not_before=datetime(2024, 1, 1, tzinfo=UTC), not_after=datetime(2025, 1, 1, tzinfo=UTC))
        [finding] = signing.verify_pdf(sign(pdf, expired, slots[0], "Người hết hạn", "Chu-ky-1"))
        assert finding.outcome == "expired" and finding.warning == "Chứng thư đã hết hạn khi ký"
        stranger = issue("Người lạ", "Không rõ", by=authority(OTHER_ROOT))
        [finding] = signing.verify_pdf(sign(pdf, stranger, slots[0], "Người lạ", "Chu-ky-1"))
        assert finding.outcome == "untrusted" and finding.warning == "Chứng thư không được tin cậy"

    def test_two_parties_sign_in_turn_without_breaking_the_first_signature(self):
        pdf, slots = a_pdf()
        first = sign(pdf, issue("Trần Thị Bình", "Thường trực HĐND"), slots[0], "Trần Thị Bình", "Chu-ky-1")
        both = sign(first, issue("Lê Văn Cường", "UBND"), slots[1], "Lê Văn Cường", "Chu-ky-2")
        assert both.startswith(first)  # an incremental update: the first signed revision is untouched
        findings = signing.verify_pdf(both)
        assert [(f.signer, f.outcome) for f in findings] == [("Trần Thị Bình", "valid"), ("Lê Văn Cường", "valid")]

    def test_an_unsigned_pdf_or_no_pdf_has_no_findings(self):
        pdf, _slots = a_pdf()
        assert signing.verify_pdf(pdf) == [] and signing.verify_pdf(b"not a pdf") == []

    def test_the_private_key_is_stored_encrypted(self):
        opened = signing.open_pkcs12(issue("A", "B"), "matkhau")
        sealed = signing.seal_key(opened.key_der)
        assert opened.key_der not in sealed and signing.unseal_key(sealed) == opened.key_der
        with pytest.raises(signing.SigningError, match="sai mật khẩu"):
            signing.open_pkcs12(issue("A", "B"), "sai")


@pytest.fixture
def joint_report(province, staff_a, login, committed):
    """A two-party regulation (Thường trực HĐND leads, UBND second) rendered as a PDF through the page."""
    from tests.regulations.factories import draft_text, import_text

    regulation = import_text(draft_text(), province.unit)
    with committed():
        login(staff_a).post(reverse("regulations:export", args=[regulation.pk]), {"format": "pdf"})
    report = GeneratedReport.objects.get(kind="regulation_pdf")
    assert report.status == "done", report.error
    return report


@covers("report_sign")
class TestLeadersSignInTurn:
    def test_the_page_shows_who_signs_and_each_leader_signs_in_turn(self, province, joint_report, leader, login, committed,
                                                                     staff_b, viewer, outsider):
        committee_leader = member(province.committee, Role.LEADER, "committee_leader")
        services.credential_store(data=issue("Trần Thị Bình", "Thường trực HĐND Hòa Phong"), passphrase="matkhau", user=leader,
                                  image=ContentFile(picture(), name="chu-ky.png"), by=leader)
        services.credential_store(data=issue("UBND Hòa Phong", "UBND Hòa Phong"), passphrase="matkhau", body=province.committee,
                                  image=ContentFile(picture("seal"), name="dau.png"), by=leader)
        url = reverse("report_sign", args=[joint_report.pk])
        assert [p["body_id"] for p in joint_report.signers] == [province.standing.pk, province.committee.pk]

        page = login(leader).get(joint_report.get_absolute_url()).content.decode()
        assert "Chờ ký" in page and 'data-testid="sign"' in page
        assert 'data-testid="sign"' not in login(committee_leader).get(joint_report.get_absolute_url()).content.decode()
        assert login(outsider).post(url).status_code == 404
        assert login(staff_b).post(url).status_code == 403  # a member of a signing body, but no leader
        page = login(committee_leader).post(url, follow=True).content.decode()
        assert "Đến lượt lãnh đạo" in page and not DocumentSignature.objects.exists()

        with committed():
            login(leader).post(url)
        joint_report.refresh_from_db()
        first = DocumentSignature.objects.get(slot=0)
        assert first.status == "done", first.error
        assert joint_report.file and joint_report.signed_file  # the unsigned draft is kept
        awaiting = FollowUp.objects.get(source=services.SIGNATURE_SOURCE)
        assert (awaiting.lead_body, awaiting.status) == (province.committee, FollowUp.Status.OPEN)
        page = login(committee_leader).get(joint_report.get_absolute_url()).content.decode()
        assert "Đã ký số bởi" in page and "Chờ ký" in page and 'data-testid="sign"' in page

        with committed():
            login(committee_leader).post(url)
        joint_report.refresh_from_db()
        awaiting.refresh_from_db()
        assert awaiting.status == FollowUp.Status.DONE
        assert not FollowUp.objects.filter(source=services.SIGNATURE_SOURCE, status=FollowUp.Status.OPEN).exists()
        signed = b"".join(login(leader).get(reverse("report_download", args=[joint_report.pk]) + "?version=signed").streaming_content)
        findings = signing.verify_pdf(signed)
        assert [(f.signer, f.outcome) for f in findings] == [("Trần Thị Bình", "valid"), ("UBND Hòa Phong", "valid")]
        with pdfplumber.open(io.BytesIO(signed)) as pdf:  # the two visible stamps stand in the two signature blocks
            page_of = {p["slot"]: p["page"] for p in joint_report.signers}
            stamps = [a for number in set(page_of.values()) for a in pdf.pages[number].annots if a["data"].get("FT") == "/Sig"
                      or str(a["data"].get("Subtype")) == "/'Widget'"]
            assert len(stamps) == 2
        shot = Path(settings.BASE_DIR) / "var" / "screenshots" / "documents" / "signed.pdf"
        shot.parent.mkdir(parents=True, exist_ok=True)
        shot.write_bytes(signed)
        to_pngs(shot, shot.with_suffix(""), dpi=60, first=max(page_of.values()) + 1)  # look at the stamps
        page = login(leader).get(joint_report.get_absolute_url()).content.decode()
        assert "Chờ ký" not in page and 'data-testid="sign"' not in page and "Tải bản đã ký số" in page
        assert login(viewer).get(joint_report.get_absolute_url()).status_code == 200  # a member of a signing body reads it
        assert login(outsider).get(joint_report.get_absolute_url()).status_code == 404

    def test_a_leader_without_any_certificate_is_told_what_to_do(self, joint_report, leader, login):
        page = login(leader).post(reverse("report_sign", args=[joint_report.pk]), follow=True).content.decode()
        assert "Chưa có chứng thư số" in page and not DocumentSignature.objects.exists()


@covers("my_signature")
class TestMySignature:
    def test_a_leader_keeps_a_certificate_whose_key_is_never_shown(self, leader, login, staff_a):
        url = reverse("my_signature")
        assert login(staff_a).get(url).status_code == 403
        response = login(leader).post(url, {"certificate": SimpleUploadedFile("ca-nhan.p12", issue("Trần Thị Bình", "TT HĐND")),
                                            "passphrase": "sai"})
        assert response.status_code == 400
        assert "Tệp chứng thư số" in response.content.decode() or "sai mật khẩu" in response.content.decode()
        assert not SigningCredential.objects.exists()
        page = login(leader).post(url, {"certificate": SimpleUploadedFile("ca-nhan.p12", issue("Trần Thị Bình", "TT HĐND")),
                                        "passphrase": "matkhau", "image": SimpleUploadedFile("chu-ky.png", picture())},
                                  follow=True).content.decode()
        credential = SigningCredential.objects.get(user=leader)
        assert "Trần Thị Bình" in page and "PRIVATE KEY" not in page and credential.image
        assert signing.unseal_key(credential.sealed_key).startswith(b"0")  # DER, readable only with SIGNING_KEY


class TestUploadedPdfsAreChecked:
    def test_a_signed_copy_gets_its_badge_and_the_register_filters_on_it(self, province, staff_a, login, committed):
        from tests.regulations.factories import draft_text, import_text

        regulation = import_text(draft_text(), province.unit)
        pdf, slots = a_pdf()
        signed = sign(pdf, issue("Trần Thị Bình", "Thường trực HĐND Hòa Phong"), slots[0], "Trần Thị Bình", "Chu-ky-1")
        with committed():
            login(staff_a).post(reverse("regulations:scan", args=[regulation.pk]),
                                {"scanned_copy": SimpleUploadedFile("ban-ky.pdf", signed)})
        assert SignatureCheck.objects.get().outcome == "valid"
        page = login(staff_a).get(regulation.get_absolute_url()).content.decode()
        assert "Đã ký số bởi Trần Thị Bình (Thường trực HĐND Hòa Phong), lúc 10/12/2026" in page
        assert "nội dung còn nguyên vẹn" in page
        register = reverse("regulations:list")
        assert regulation.title.upper()[:20] in login(staff_a).get(register, {"signed": "valid"}).content.decode().upper()
        assert regulation.title.upper()[:20] not in login(staff_a).get(register, {"signed": "none"}).content.decode().upper()

        tampered = bytearray(signed)
        tampered[tampered.find(b"stream", 1000) + 30] ^= 0x01
        with committed():
            login(staff_a).post(reverse("regulations:scan", args=[regulation.pk]),
                                {"scanned_copy": SimpleUploadedFile("ban-ky.pdf", bytes(tampered))})
        page = login(staff_a).get(regulation.get_absolute_url()).content.decode()
        assert "Tài liệu đã bị sửa sau khi ký" in page
        assert regulation.title.upper()[:20] in login(staff_a).get(register, {"signed": "warning"}).content.decode().upper()


def test_an_administrator_gives_a_body_its_certificate_and_seal(province, superuser, login):
    url = reverse("admin:coordination_signingcredential_add")
    data = {"body": province.committee.pk, "passphrase": "sai",
            "certificate": SimpleUploadedFile("ubnd.p12", issue("UBND Hòa Phong", "UBND Hòa Phong")),
            "image": SimpleUploadedFile("dau.png", picture("seal"))}
    page = login(superuser).post(url, data).content.decode()
    assert "sai mật khẩu" in page and not SigningCredential.objects.exists()
    data.update(passphrase="matkhau", certificate=SimpleUploadedFile("ubnd.p12", issue("UBND Hòa Phong", "UBND Hòa Phong")),
                image=SimpleUploadedFile("dau.png", picture("seal")))
    login(superuser).post(url, data)
    credential = SigningCredential.objects.get(body=province.committee)
    assert credential.subject == "UBND Hòa Phong" and credential.image and credential.sealed_key
    change = login(superuser).get(reverse("admin:coordination_signingcredential_change", args=[credential.pk])).content.decode()
    assert "UBND Hòa Phong" in change and "PRIVATE KEY" not in change and "sealed_key" not in change
