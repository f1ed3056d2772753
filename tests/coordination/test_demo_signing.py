"""The demo's leaders have a trial certificate (a demo CA made at load time, no legal value) to sign with."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from coordination import signing
from coordination.demo_signing import DEMO_CA_NAME, DEMO_CERTIFICATE_PASSWORD
from coordination.models import DocumentSignature, GeneratedReport, Membership, Role, SigningCredential
from regulations.models import Regulation


@pytest.fixture
def demo(db, settings, tmp_path, capsys):
    settings.VAR_DIR = tmp_path
    call_command("load_demo")
    folder = tmp_path / "demo-signing"
    settings.SIGNING_TRUST_ROOTS = [str(folder / "ca-thu-nghiem.pem")]  # as `make run` configures them
    settings.SIGNING_CRLS = [str(folder / "ca-thu-nghiem.crl")]
    return {"folder": folder, "out": capsys.readouterr().out}


def test_every_demo_leader_has_one_trial_certificate_and_signs_with_it(
    demo, capsys, login, committed, django_user_model
):
    leaders = set(Membership.objects.filter(role=Role.LEADER).values_list("user_id", flat=True))
    credentials = SigningCredential.objects.filter(active=True, user__isnull=False)
    assert leaders and set(credentials.values_list("user_id", flat=True)) == leaders
    assert {c.issuer for c in credentials} == {DEMO_CA_NAME} and "không có giá trị pháp lý" in DEMO_CA_NAME
    assert (
        f"mật khẩu tệp: {DEMO_CERTIFICATE_PASSWORD}" in demo["out"] and "Chứng thư thử nghiệm" in demo["out"]
    )
    opened = signing.open_pkcs12((demo["folder"] / "lanhdao.p12").read_bytes(), DEMO_CERTIFICATE_PASSWORD)
    assert opened.subject == "Trần Thị Mai"

    before = list(SigningCredential.objects.order_by("pk").values_list("pk", "certificate_pem"))
    call_command("load_demo")
    assert list(SigningCredential.objects.order_by("pk").values_list("pk", "certificate_pem")) == before
    assert DEMO_CERTIFICATE_PASSWORD in capsys.readouterr().out

    # the demo CA is a trust root as `make run` configures it, and its CRL revokes nothing
    regulation = Regulation.objects.filter(unit__name="Tỉnh Hòa Phong").first()
    with committed():
        login(django_user_model.objects.get(username="thuongtruc")).post(
            reverse("regulations:export", args=[regulation.pk]), {"format": "pdf"}
        )
    report = GeneratedReport.objects.get(kind="regulation_pdf")
    lead_leader = Membership.objects.get(body_id=report.signers[0]["body_id"], role=Role.LEADER).user
    with committed():
        login(lead_leader).post(reverse("report_sign", args=[report.pk]))
    signature = DocumentSignature.objects.get(report=report)
    assert signature.status == "done", signature.error
    report.refresh_from_db()
    [finding] = signing.verify_pdf(report.signed_file.read())
    assert (finding.signer, finding.outcome) == (
        lead_leader.person.full_name,
        "valid",
    )  # trusted, and not revoked by the demo CRL
