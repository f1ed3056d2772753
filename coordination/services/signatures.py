"""Digital signatures (coordination.signing): credentials, signing documents in turn, checking signed PDFs."""

import logging

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext

from coordination.background import start_task
from coordination.models import (
    Body,
    DocumentSignature,
    FollowUp,
    GeneratedReport,
    Person,
    Role,
    SignatureCheck,
    SigningCredential,
)

from .followups import followup_cancel, followup_complete, followup_open, followups_of

logger = logging.getLogger(__name__)


SIGNATURE_SOURCE = "document_signature"


class SignatureRefused(Exception):
    """Why this person cannot sign this document now; the message is shown to them."""


def credential_store(*, data: bytes, passphrase: str, by, body: Body | None = None, user=None, image=None,
                     kind: str = SigningCredential.Kind.PKCS12, pkcs11_key_label: str = "",
                     certificate_pem: str = "") -> SigningCredential:
    """Keep a body's or a leader's certificate: the PKCS#12 is opened once, its private key stored encrypted
    (settings.SIGNING_KEY) and never shown again; earlier credentials of the same owner stop being used.
    A PKCS#11 credential names its key on the configured token and brings its certificate as PEM."""
    from coordination import signing

    if kind == SigningCredential.Kind.PKCS11:
        opened = signing.describe_certificate(certificate_pem)
        sealed = b""
    else:
        opened = signing.open_pkcs12(data, passphrase)
        sealed = signing.seal_key(opened.key_der)
    with transaction.atomic():
        SigningCredential.objects.filter(body=body, user=user, active=True).update(active=False)
        credential = SigningCredential(
            body=body,
            user=user,
            kind=kind,
            certificate_pem=opened.certificate_pem,
            chain_pem=opened.chain_pem,
            sealed_key=sealed,
            pkcs11_key_label=pkcs11_key_label,
            subject=opened.subject,
            organisation=opened.organisation,
            issuer=opened.issuer,
            not_before=opened.not_before,
            not_after=opened.not_after,
            created_by=by,
        )
        if image is not None:
            credential.image.save(getattr(image, "name", "anh.png"), image, save=False)
        credential.save()
    return credential


def _active_credential(**owner) -> SigningCredential | None:
    return SigningCredential.objects.filter(active=True, **owner).order_by("-created_at").first()


def signing_state(report: GeneratedReport) -> list[dict]:
    """Each party that signs ``report``, in turn: its label, body, and its signature (or None: awaited)."""
    done = {s.slot: s for s in report.signatures.select_related("signer", "body")}
    bodies = Body.objects.in_bulk([p["body_id"] for p in report.signers])
    state = []
    for party in sorted(report.signers, key=lambda p: p["slot"]):
        signature = done.get(party["slot"])
        state.append({**party, "body": bodies.get(party["body_id"]), "signature": signature,
                      "signed": bool(signature and signature.status == DocumentSignature.Status.DONE)})
    return state


def next_party(report: GeneratedReport) -> dict | None:
    """The first party that has not signed (and is not being signed for): in turn, the lead first."""
    for party in signing_state(report):
        if party["signature"] is None or party["signature"].status == DocumentSignature.Status.FAILED:
            return party
    return None


def document_sign_request(*, report: GeneratedReport, by) -> DocumentSignature:
    """A leader of the next party asks to sign ``report``: queued and signed in the background (a task)."""
    from coordination.permissions import access_for
    from coordination.tasks import sign_document

    if (
        report.status != GeneratedReport.Status.DONE
        or report.content_type != "application/pdf"
        or not report.signers
    ):
        raise SignatureRefused(gettext("Tài liệu này không có chỗ ký số."))
    party = next_party(report)
    if party is None:
        raise SignatureRefused(gettext("Tài liệu đã đủ chữ ký của các bên."))
    if not access_for(by).is_leader_of(party["body_id"]):
        raise SignatureRefused(gettext("Đến lượt lãnh đạo %(body)s ký.") % {"body": party["body"]})
    if not (_active_credential(user=by) or _active_credential(body_id=party["body_id"])):
        raise SignatureRefused(gettext("Chưa có chứng thư số: hãy nạp chứng thư của mình (Chữ ký số của tôi) "
                                       "hoặc nhờ quản trị nạp chứng thư của cơ quan."))
    with transaction.atomic():
        DocumentSignature.objects.filter(
            report=report, slot=party["slot"], status=DocumentSignature.Status.FAILED
        ).delete()
        try:
            signature = DocumentSignature.objects.create(
                report=report, slot=party["slot"], body_id=party["body_id"], signer=by
            )
        except IntegrityError as exc:
            raise SignatureRefused(gettext("Chữ ký này đang được thực hiện.")) from exc
        transaction.on_commit(lambda: start_task(sign_document, signature.pk))
    return signature


def document_sign(*, signature_id: int) -> None:
    """Make one queued signature: the visible stamp (signature image, the body's seal, signer, body, time) in
    the party's signature block, an incremental PAdES signature over the last signed version; closes this
    party's follow-up and opens the next party's."""
    from coordination import signing

    claimed = DocumentSignature.objects.filter(
        pk=signature_id, status=DocumentSignature.Status.QUEUED
    ).update(status=DocumentSignature.Status.RUNNING, progress=5)
    if not claimed:
        return
    signature = DocumentSignature.objects.select_related("report", "body__unit", "signer").get(
        pk=signature_id
    )
    report = signature.report

    def progress(percent):
        DocumentSignature.objects.filter(pk=signature_id).update(progress=percent)

    try:
        party = next(p for p in report.signers if p["slot"] == signature.slot)
        own = _active_credential(user=signature.signer)
        seal = _active_credential(body=signature.body)
        credential = own or seal
        if credential is None:
            raise signing.SigningError(gettext("Chưa có chứng thư số để ký."))
        progress(20)
        source = report.signed_file or report.file
        with source.open("rb") as handle:
            pdf = handle.read()
        at = timezone.now()
        person = Person.objects.filter(user=signature.signer).first()
        signer_name = (
            person.full_name if person else signature.signer.get_full_name() or signature.signer.username
        )
        x0, y0, x1, y1 = party["box"]
        stamp = signing.stamp_image(
            signature_image=_read(own.image) if own and own.image else None,
            seal_image=_read(seal.image) if seal and seal.image else None,
            lines=signing.stamp_lines(signer=signer_name, body=signature.body.name, at=at),
            width_mm=(x1 - x0) * 25.4 / 72, height_mm=(y1 - y0) * 25.4 / 72)
        progress(50)
        identity = signing.Identity(
            certificate_pem=credential.certificate_pem,
            chain_pem=credential.chain_pem,
            key_der=signing.unseal_key(credential.sealed_key) if credential.sealed_key else b"",
            pkcs11_key_label=credential.pkcs11_key_label,
        )
        signed = signing.sign_pdf(
            pdf,
            identity=identity,
            field_name=f"Chu-ky-{signature.slot + 1}",
            page=party["page"],
            box=(x0, y0, x1, y1),
            stamp=stamp,
            reason=party.get("label") or gettext("Ký ban hành"),
            location=signature.body.unit.name,
            signer_name=signer_name,
        )
        progress(90)
    except Exception as exc:  # the page says it failed rather than spin forever
        logger.exception("Signing %s failed", signature_id)
        DocumentSignature.objects.filter(pk=signature_id).update(status=DocumentSignature.Status.FAILED,
                                                                 error=f"{exc}"[:2000], progress=0)
        return
    with transaction.atomic():
        report = GeneratedReport.objects.select_for_update().get(pk=report.pk)
        report.signed_file.save(report.signed_filename, ContentFile(signed), save=False)
        report.save(update_fields=["signed_file"])
        DocumentSignature.objects.filter(pk=signature_id).update(
            status=DocumentSignature.Status.DONE,
            progress=100,
            signed_at=at,
            certificate_subject=credential.subject[:255],
        )
        for followup in followups_of(report).filter(source=SIGNATURE_SOURCE, lead_body=signature.body).open():
            followup_complete(followup=followup, outcome=gettext("Đã ký số"), completed_at=at)
        _other_versions_withdraw(report)
        following = next_party(report)
        if following is not None:
            from coordination.deadline_rules import due_date_for

            body = Body.objects.select_related("unit").get(pk=following["body_id"])
            followup_open(
                subject=report,
                title=gettext("Ký số: %(title)s") % {"title": report.title},
                lead_body=body,
                responsible=signing_leader(body),
                due_on=due_date_for(unit=body.unit, code=SIGNATURE_SOURCE, anchor_date=timezone.localdate()),
                source=SIGNATURE_SOURCE,
                expected_result=gettext("Chữ ký số của lãnh đạo %(body)s") % {"body": body},
            )


def signing_leader(body: Body) -> Person | None:
    """The leader who signs for ``body``: one with a certificate of their own, else the first by name."""
    leaders = Person.objects.filter(user__is_active=True, user__memberships__body=body,
                                    user__memberships__role=Role.LEADER).order_by("full_name")
    return leaders.filter(user__signing_credentials__active=True).first() or leaders.first()


def document_signing_withdraw(*, report: GeneratedReport, reason: str) -> None:
    """Nobody owes ``report`` a signature any more (it was deleted, or another version of it is being
    signed)."""
    for followup in followups_of(report).filter(source=SIGNATURE_SOURCE).open():
        followup_cancel(followup=followup, reason=reason)


def _other_versions_withdraw(report: GeneratedReport) -> None:
    """The same document rendered again (same kind and parameters) and signed: the signatures awaited on the
    other versions are owed on this one instead."""
    awaited = FollowUp.objects.open().filter(
        source=SIGNATURE_SOURCE, subject_type=ContentType.objects.get_for_model(report)
    )
    others = GeneratedReport.objects.filter(kind=report.kind, pk__in=awaited.values("subject_id")).exclude(
        pk=report.pk
    )
    for other in others:
        if other.params == report.params:
            document_signing_withdraw(report=other, reason=gettext("Thay bằng bản được ký ngày %(day)s") % {
                "day": timezone.localdate().strftime("%d/%m/%Y")})


def _read(field_file) -> bytes:
    with field_file.open("rb") as handle:
        return handle.read()


def signature_check(*, instance: models.Model, field_name: str) -> SignatureCheck | None:
    """Check the signatures of the PDF in ``instance.<field_name>`` (again only when the file changed)."""
    import hashlib

    from coordination import signing

    field_file = getattr(instance, field_name)
    content_type = ContentType.objects.get_for_model(instance)
    if not field_file:
        SignatureCheck.objects.filter(
            content_type=content_type, object_id=instance.pk, field_name=field_name
        ).delete()
        return None
    content = _read(field_file)
    digest = hashlib.sha256(content).hexdigest()
    existing = SignatureCheck.objects.filter(
        content_type=content_type, object_id=instance.pk, field_name=field_name
    ).first()
    if existing and existing.sha256 == digest:
        return existing
    findings = signing.verify_pdf(content) if content.startswith(b"%PDF") else []
    check, _created = SignatureCheck.objects.update_or_create(
        content_type=content_type,
        object_id=instance.pk,
        field_name=field_name,
        defaults={
            "sha256": digest,
            "outcome": signing.summary(findings),
            "findings": [f.as_dict() for f in findings],
        },
    )
    return check
