"""Digital signatures: leaders sign generated documents in turn (PAdES, visible stamp), and every uploaded PDF
is checked when it comes back. The tests make their own CA (tests/signing_ca.py) and trust only it."""

import io
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pdfplumber
import pytest
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coordination import services, signing
from coordination.models import (
    DocumentSignature,
    FollowUp,
    GeneratedReport,
    OutboxMessage,
    Role,
    SignatureCheck,
    SigningCredential,
)
from tests.conftest import member
from tests.documents import to_pngs
from tests.signing_ca import a_pdf, authority, issue, issue_key, picture, publish_crl, serial_of, sign
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
        signed = sign(
            pdf,
            issue("Trần Thị Bình", "Thường trực HĐND tỉnh Hòa Phong"),
            slots[0],
            "Trần Thị Bình",
            "Chu-ky-1",
        )
        [finding] = signing.verify_pdf(signed)
        assert (finding.outcome, finding.signer, finding.body) == (
            "valid",
            "Trần Thị Bình",
            "Thường trực HĐND tỉnh Hòa Phong",
        )
        assert finding.signed_at_text.startswith("10/12/2026 ")  # dd/mm/yyyy hh:mm:ss, Việt Nam time
        assert finding.warning == ""

    def test_one_flipped_byte_reads_changed(self):
        pdf, slots = a_pdf()
        signed = bytearray(
            sign(pdf, issue("Trần Thị Bình", "Thường trực HĐND"), slots[0], "Trần Thị Bình", "Chu-ky-1")
        )
        signed[signed.find(b"stream", 1000) + 30] ^= 0x01
        [finding] = signing.verify_pdf(bytes(signed))
        assert finding.outcome == "changed" and finding.warning == "Tài liệu đã bị sửa sau khi ký"

    def test_a_certificate_expired_at_signing_and_one_nobody_trusts(self):
        pdf, slots = a_pdf()
        expired = issue(
            "Người hết hạn",
            "UBND",
            not_before=datetime(2024, 1, 1, tzinfo=UTC),
            not_after=datetime(2025, 1, 1, tzinfo=UTC),
        )
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
        assert [(f.signer, f.outcome) for f in findings] == [
            ("Trần Thị Bình", "valid"),
            ("Lê Văn Cường", "valid"),
        ]

    def test_an_unsigned_pdf_or_no_pdf_has_no_findings(self):
        pdf, _slots = a_pdf()
        assert signing.verify_pdf(pdf) == [] and signing.verify_pdf(b"not a pdf") == []

    def test_the_private_key_is_stored_encrypted(self):
        opened = signing.open_pkcs12(issue("A", "B"), "matkhau")
        sealed = signing.seal_key(opened.key_der)
        assert opened.key_der not in sealed and signing.unseal_key(sealed) == opened.key_der
        with pytest.raises(signing.SigningError, match="sai mật khẩu"):
            signing.open_pkcs12(issue("A", "B"), "sai")


class TestRevocation:
    """The test CA publishes its CRL as a file (SIGNING_CRLS); its revocable certificates name that CRL."""

    def test_a_certificate_revoked_before_signing_reads_revoked_with_its_date(self, settings, tmp_path):
        revoked, kept = (
            issue("Người bị thu hồi", "UBND", revocable=True),
            issue("Người còn hiệu lực", "UBND", revocable=True),
        )
        crl = publish_crl(
            tmp_path / "ca.crl", revoked={serial_of(revoked): datetime(2026, 11, 20, 3, tzinfo=UTC)}
        )
        settings.SIGNING_CRLS = [str(crl)]
        pdf, slots = a_pdf()
        [finding] = signing.verify_pdf(sign(pdf, revoked, slots[0], "Người bị thu hồi", "Chu-ky-1"))
        assert (
            finding.outcome == "revoked" and finding.warning == "Chứng thư số đã bị thu hồi ngày 20/11/2026"
        )
        [finding] = signing.verify_pdf(sign(pdf, kept, slots[0], "Người còn hiệu lực", "Chu-ky-1"))
        assert finding.outcome == "valid"

    def test_without_the_crl_the_revocation_status_is_unknown_not_valid(self, settings, tmp_path):
        revocable = issue("Người ký", "UBND", revocable=True)
        pdf, slots = a_pdf()
        signed = sign(pdf, revocable, slots[0], "Người ký", "Chu-ky-1")
        for crls in ([], [str(tmp_path / "khong-co.crl")]):  # none configured, or the file is not there
            settings.SIGNING_CRLS = crls
            [finding] = signing.verify_pdf(signed)
            assert finding.outcome == "revocation_unknown"
            assert finding.warning == "Chưa kiểm tra được chứng thư số có bị thu hồi hay không"
        settings.SIGNING_CRLS = [str(publish_crl(tmp_path / "ca.crl", revoked={}))]
        assert [f.outcome for f in signing.verify_pdf(signed)] == ["valid"]

    def test_the_badge_of_an_uploaded_copy_says_the_certificate_was_revoked(
        self, province, staff_a, login, committed, settings, tmp_path
    ):
        from tests.regulations.factories import draft_text, import_text

        revoked = issue("Trần Thị Bình", "Thường trực HĐND Hòa Phong", revocable=True)
        settings.SIGNING_CRLS = [
            str(
                publish_crl(
                    tmp_path / "ca.crl", revoked={serial_of(revoked): datetime(2026, 11, 20, tzinfo=UTC)}
                )
            )
        ]
        regulation = import_text(draft_text(), province.unit)
        pdf, slots = a_pdf()
        with committed():
            login(staff_a).post(
                reverse("regulations:scan", args=[regulation.pk]),
                {
                    "scanned_copy": SimpleUploadedFile(
                        "ban-ky.pdf", sign(pdf, revoked, slots[0], "Trần Thị Bình", "Chu-ky-1")
                    )
                },
            )
        page = login(staff_a).get(regulation.get_absolute_url()).content.decode()
        assert (
            "Chứng thư số đã bị thu hồi ngày 20/11/2026 — Trần Thị Bình (Thường trực HĐND Hòa Phong)" in page
        )
        register = reverse("regulations:list")
        assert (
            regulation.title.upper()[:20]
            in login(staff_a).get(register, {"signed": "warning"}).content.decode().upper()
        )


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
    def test_the_page_shows_who_signs_and_each_leader_signs_in_turn(
        self, province, joint_report, leader, login, committed, staff_b, viewer, outsider
    ):
        committee_leader = member(province.committee, Role.LEADER, "committee_leader")
        services.credential_store(
            data=issue("Trần Thị Bình", "Thường trực HĐND Hòa Phong"),
            passphrase="matkhau",
            user=leader,
            image=ContentFile(picture(), name="chu-ky.png"),
            by=leader,
        )
        services.credential_store(
            data=issue("UBND Hòa Phong", "UBND Hòa Phong"),
            passphrase="matkhau",
            body=province.committee,
            image=ContentFile(picture("seal"), name="dau.png"),
            by=leader,
        )
        url = reverse("report_sign", args=[joint_report.pk])
        assert [p["body_id"] for p in joint_report.signers] == [province.standing.pk, province.committee.pk]

        page = login(leader).get(joint_report.get_absolute_url()).content.decode()
        assert "Chờ ký" in page and 'data-testid="sign"' in page
        assert (
            'data-testid="sign"'
            not in login(committee_leader).get(joint_report.get_absolute_url()).content.decode()
        )
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
        assert not FollowUp.objects.filter(
            source=services.SIGNATURE_SOURCE, status=FollowUp.Status.OPEN
        ).exists()
        signed = b"".join(
            login(leader)
            .get(reverse("report_download", args=[joint_report.pk]) + "?version=signed")
            .streaming_content
        )
        findings = signing.verify_pdf(signed)
        assert [(f.signer, f.outcome) for f in findings] == [
            ("Trần Thị Bình", "valid"),
            ("UBND Hòa Phong", "valid"),
        ]
        with pdfplumber.open(
            io.BytesIO(signed)
        ) as pdf:  # the two visible stamps stand in the two signature blocks
            page_of = {p["slot"]: p["page"] for p in joint_report.signers}
            stamps = [
                a
                for number in set(page_of.values())
                for a in pdf.pages[number].annots
                if a["data"].get("FT") == "/Sig" or str(a["data"].get("Subtype")) == "/'Widget'"
            ]
            assert len(stamps) == 2
        shot = Path(settings.BASE_DIR) / "var" / "screenshots" / "documents" / "signed.pdf"
        shot.parent.mkdir(parents=True, exist_ok=True)
        shot.write_bytes(signed)
        to_pngs(shot, shot.with_suffix(""), dpi=60, first=max(page_of.values()) + 1)  # look at the stamps
        page = login(leader).get(joint_report.get_absolute_url()).content.decode()
        assert "Chờ ký" not in page and 'data-testid="sign"' not in page and "Tải bản đã ký số" in page
        assert (
            login(viewer).get(joint_report.get_absolute_url()).status_code == 200
        )  # a member of a signing body reads it
        assert login(outsider).get(joint_report.get_absolute_url()).status_code == 404

    def test_a_leader_without_any_certificate_is_told_what_to_do(self, joint_report, leader, login):
        page = (
            login(leader).post(reverse("report_sign", args=[joint_report.pk]), follow=True).content.decode()
        )
        assert "Chưa có chứng thư số" in page and not DocumentSignature.objects.exists()


class TestTheNextSignerOwesIt:
    """After each signature the next party's leader owes theirs: a follow-up (rule document_signature, 2
    working days) in their "Việc cần theo dõi" and digests, closed by their signature, cancelled when the
    document goes."""

    @pytest.fixture
    def signers(self, province, leader):
        committee_leader = member(province.committee, Role.LEADER, "committee_leader")
        services.credential_store(
            data=issue("Trần Thị Bình", "Thường trực HĐND"), passphrase="matkhau", user=leader, by=leader
        )
        services.credential_store(
            data=issue("Lê Văn Cường", "UBND"),
            passphrase="matkhau",
            user=committee_leader,
            by=committee_leader,
        )
        return committee_leader

    def test_the_next_leader_sees_it_in_their_follow_ups_and_digest(
        self, province, joint_report, leader, signers, login, committed, person_of
    ):
        with committed():
            login(leader).post(reverse("report_sign", args=[joint_report.pk]))
        owed = FollowUp.objects.get(source=services.SIGNATURE_SOURCE)
        assert (owed.lead_body, owed.responsible, owed.status) == (
            province.committee,
            person_of(signers),
            FollowUp.Status.OPEN,
        )
        assert owed.due_on.isoformat() == "2026-12-14"  # Thursday 10/12 + 2 working days
        assert owed.title == f"Ký số: {joint_report.title}"
        page = login(signers).get(reverse("followups:list")).content.decode()
        assert f"Ký số: {joint_report.title}" in page and "14/12/2026" in page
        services.notification_preference_save(
            user=signers, digest_frequency="daily", digest_weekday=0, digest_hour=7
        )
        services.digests_send(frequency="daily")  # the coming seven days
        digest = OutboxMessage.objects.get(kind="digest", recipient=signers)
        assert f"Ký số: {joint_report.title}" in digest.body_text

        with committed():
            login(signers).post(reverse("report_sign", args=[joint_report.pk]))
        owed.refresh_from_db()
        assert owed.status == FollowUp.Status.DONE and owed.outcome == "Đã ký số"

    def test_only_those_who_may_open_the_document_see_what_is_owed_on_it(
        self, joint_report, leader, signers, front_staff, login, committed
    ):
        with committed():
            login(leader).post(reverse("report_sign", args=[joint_report.pk]))
        owed = FollowUp.objects.get(source=services.SIGNATURE_SOURCE)
        # The Front is of the same province but signs nothing: neither the follow-up nor the document
        front_list = login(front_staff).get(reverse("followups:list")).content.decode()
        assert f"Ký số: {joint_report.title}" not in front_list
        assert login(front_staff).get(owed.get_absolute_url()).status_code == 404
        assert login(front_staff).get(joint_report.get_absolute_url()).status_code == 404
        signer_list = login(signers).get(reverse("followups:list")).content.decode()
        assert f"Ký số: {joint_report.title}" in signer_list
        assert login(signers).get(owed.get_absolute_url()).status_code == 200

    def test_a_version_signed_instead_or_a_deleted_document_owes_nothing(
        self, province, joint_report, leader, signers, staff_a, login, committed
    ):
        with committed():
            login(leader).post(reverse("report_sign", args=[joint_report.pk]))
            login(staff_a).post(
                reverse("regulations:export", args=[joint_report.params["regulation_id"]]), {"format": "pdf"}
            )
        again = GeneratedReport.objects.exclude(pk=joint_report.pk).get(kind="regulation_pdf")
        first_owed = FollowUp.objects.get(source=services.SIGNATURE_SOURCE)
        with committed():
            login(leader).post(reverse("report_sign", args=[again.pk]))
        first_owed.refresh_from_db()
        assert (
            first_owed.status == FollowUp.Status.CANCELLED
            and "Thay bằng bản được ký ngày 10/12/2026" in first_owed.outcome
        )
        now_owed = services.followups_of(again).get()
        assert now_owed.status == FollowUp.Status.OPEN

        again.delete()
        now_owed.refresh_from_db()
        assert now_owed.status == FollowUp.Status.CANCELLED and now_owed.outcome == "Tài liệu đã bị xóa"


@covers("my_signature")
class TestMySignature:
    def test_a_leader_keeps_a_certificate_whose_key_is_never_shown(self, leader, login, staff_a):
        url = reverse("my_signature")
        assert login(staff_a).get(url).status_code == 403
        response = login(leader).post(
            url,
            {
                "certificate": SimpleUploadedFile("ca-nhan.p12", issue("Trần Thị Bình", "TT HĐND")),
                "passphrase": "sai",
            },
        )
        assert response.status_code == 400
        assert "Tệp chứng thư số" in response.content.decode() or "sai mật khẩu" in response.content.decode()
        assert not SigningCredential.objects.exists()
        page = (
            login(leader)
            .post(
                url,
                {
                    "certificate": SimpleUploadedFile("ca-nhan.p12", issue("Trần Thị Bình", "TT HĐND")),
                    "passphrase": "matkhau",
                    "image": SimpleUploadedFile("chu-ky.png", picture()),
                },
                follow=True,
            )
            .content.decode()
        )
        credential = SigningCredential.objects.get(user=leader)
        assert "Trần Thị Bình" in page and "PRIVATE KEY" not in page and credential.image
        assert signing.unseal_key(credential.sealed_key).startswith(
            b"0"
        )  # DER, readable only with SIGNING_KEY


class TestUploadedPdfsAreChecked:
    def test_a_signed_copy_gets_its_badge_and_the_register_filters_on_it(
        self, province, staff_a, login, committed
    ):
        from tests.regulations.factories import draft_text, import_text

        regulation = import_text(draft_text(), province.unit)
        pdf, slots = a_pdf()
        signed = sign(
            pdf, issue("Trần Thị Bình", "Thường trực HĐND Hòa Phong"), slots[0], "Trần Thị Bình", "Chu-ky-1"
        )
        with committed():
            login(staff_a).post(reverse("regulations:scan", args=[regulation.pk]),
                                {"scanned_copy": SimpleUploadedFile("ban-ky.pdf", signed)})
        assert SignatureCheck.objects.get().outcome == "valid"
        page = login(staff_a).get(regulation.get_absolute_url()).content.decode()
        assert "Đã ký số bởi Trần Thị Bình (Thường trực HĐND Hòa Phong), lúc 10/12/2026" in page
        assert "nội dung còn nguyên vẹn" in page
        register = reverse("regulations:list")
        assert (
            regulation.title.upper()[:20]
            in login(staff_a).get(register, {"signed": "valid"}).content.decode().upper()
        )
        assert (
            regulation.title.upper()[:20]
            not in login(staff_a).get(register, {"signed": "none"}).content.decode().upper()
        )

        tampered = bytearray(signed)
        tampered[tampered.find(b"stream", 1000) + 30] ^= 0x01
        with committed():
            login(staff_a).post(reverse("regulations:scan", args=[regulation.pk]),
                                {"scanned_copy": SimpleUploadedFile("ban-ky.pdf", bytes(tampered))})
        page = login(staff_a).get(regulation.get_absolute_url()).content.decode()
        assert "Tài liệu đã bị sửa sau khi ký" in page
        assert (
            regulation.title.upper()[:20]
            in login(staff_a).get(register, {"signed": "warning"}).content.decode().upper()
        )


def test_an_administrator_gives_a_body_its_certificate_and_seal(province, superuser, login):
    url = reverse("admin:coordination_signingcredential_add")
    data = {"body": province.committee.pk, "passphrase": "sai",
            "certificate": SimpleUploadedFile("ubnd.p12", issue("UBND Hòa Phong", "UBND Hòa Phong")),
            "image": SimpleUploadedFile("dau.png", picture("seal"))}
    page = login(superuser).post(url, data).content.decode()
    assert "sai mật khẩu" in page and not SigningCredential.objects.exists()
    data.update(
        passphrase="matkhau",
        certificate=SimpleUploadedFile("ubnd.p12", issue("UBND Hòa Phong", "UBND Hòa Phong")),
        image=SimpleUploadedFile("dau.png", picture("seal")),
    )
    login(superuser).post(url, data)
    credential = SigningCredential.objects.get(body=province.committee)
    assert credential.subject == "UBND Hòa Phong" and credential.image and credential.sealed_key
    change = (
        login(superuser)
        .get(reverse("admin:coordination_signingcredential_change", args=[credential.pk]))
        .content.decode()
    )
    assert "UBND Hòa Phong" in change and "PRIVATE KEY" not in change and "sealed_key" not in change


@pytest.fixture
def softhsm_token(tmp_path, monkeypatch, settings):
    """A SoftHSM2 token in a temporary folder (Debian's softhsm2, `make test-deps`), configured as
    production's."""
    tokens = tmp_path / "tokens"
    tokens.mkdir()
    config = tmp_path / "softhsm2.conf"
    config.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n")
    monkeypatch.setenv("SOFTHSM2_CONF", str(config))
    subprocess.run(
        [
            "softhsm2-util",
            "--init-token",
            "--free",
            "--label",
            "phoihop",
            "--pin",
            "1234",
            "--so-pin",
            "87654321",
        ],
        check=True,
        capture_output=True,
    )
    settings.SIGNING_PKCS11_MODULE = "/usr/lib/softhsm/libsofthsm2.so"
    settings.SIGNING_PKCS11_TOKEN_LABEL = "phoihop"
    settings.SIGNING_PKCS11_PIN = "1234"

    def import_key(key, label: str) -> None:
        pem = tmp_path / f"{label}.pem"
        pem.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
        subprocess.run(
            [
                "softhsm2-util",
                "--import",
                str(pem),
                "--token",
                "phoihop",
                "--label",
                label,
                "--id",
                "01",
                "--pin",
                "1234",
            ],
            check=True,
            capture_output=True,
        )
        pem.unlink()  # the key now lives only on the token

    return import_key


@covers("report_sign")
def test_a_leader_signs_with_a_key_kept_on_a_pkcs11_token(
    joint_report, leader, login, committed, softhsm_token
):
    key, certificate = issue_key("Trần Thị Bình", "Thường trực HĐND Hòa Phong", rsa_key=True)
    softhsm_token(key, "lanhdao-ky-so")
    credential = services.credential_store(
        data=b"",
        passphrase="",
        user=leader,
        by=leader,
        kind=SigningCredential.Kind.PKCS11,
        pkcs11_key_label="lanhdao-ky-so",
        certificate_pem=certificate.public_bytes(serialization.Encoding.PEM).decode(),
    )
    assert not credential.sealed_key  # nothing of the key is in the database

    with committed():
        login(leader).post(reverse("report_sign", args=[joint_report.pk]))
    signature = DocumentSignature.objects.get(slot=0)
    assert signature.status == "done", signature.error
    joint_report.refresh_from_db()
    [finding] = signing.verify_pdf(joint_report.signed_file.read())
    assert (finding.signer, finding.body, finding.outcome) == (
        "Trần Thị Bình",
        "Thường trực HĐND Hòa Phong",
        "valid",
    )
    page = login(leader).get(joint_report.get_absolute_url()).content.decode()
    assert "Đã ký số bởi" in page


def test_a_token_that_is_not_configured_fails_the_signature_with_a_reason(
    joint_report, leader, login, committed, settings
):
    settings.SIGNING_PKCS11_MODULE = ""
    _key, certificate = issue_key("Trần Thị Bình", "Thường trực HĐND Hòa Phong")
    services.credential_store(
        data=b"",
        passphrase="",
        user=leader,
        by=leader,
        kind=SigningCredential.Kind.PKCS11,
        pkcs11_key_label="lanhdao-ky-so",
        certificate_pem=certificate.public_bytes(serialization.Encoding.PEM).decode(),
    )
    with committed():
        login(leader).post(reverse("report_sign", args=[joint_report.pk]))
    signature = DocumentSignature.objects.get(slot=0)
    assert signature.status == "failed" and "SIGNING_PKCS11_MODULE" in signature.error
    joint_report.refresh_from_db()
    assert not joint_report.signed_file
