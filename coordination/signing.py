"""Digital signatures of documents (PAdES, pyHanko) and their verification.

Decree 30/2020, Phụ lục I: the signer's digital signature shows as the signature image in the signature block,
the body's as its seal image over the left third of it, with the signer, the body and the signing time
(dd/mm/yyyy hh:mm:ss, Việt Nam time). Each party of a joint document adds its signature as an incremental
update: the earlier signatures still cover their revision untouched.

Keys: an uploaded PKCS#12 is opened once with its passphrase; its private key is kept as PKCS#8 encrypted with
``settings.SIGNING_KEY`` (Fernet) and never shown again. In production a credential of kind ``pkcs11`` names a
key on the token configured by ``SIGNING_PKCS11_*`` instead.

Verification (``verify_pdf``): for each embedded signature, who signed (the certificate's subject), for which
body (its organisation), when (the signing time the signer reported), whether the file changed after it,
whether the certificate was valid at that time, whether it chains to one of ``SIGNING_TRUST_ROOTS``, and
whether its CA had revoked it by then (the CRLs of ``SIGNING_CRLS``, and those fetched with OCSP answers when
``SIGNING_REVOCATION_FETCH``); a certificate whose revocation status cannot be had reads so, never as valid.
"""

import base64
import hashlib
import io
import logging
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

VN_TIME = "%d/%m/%Y %H:%M:%S"


class SigningError(Exception):
    """A credential or a document that cannot be used for signing; the message is for the person."""


# --- Keys at rest -----------------------------------------------------------------------------------------


def _fernet():
    from cryptography.fernet import Fernet

    key = settings.SIGNING_KEY
    if not key:  # development: derived from SECRET_KEY (README: set SIGNING_KEY in production)
        key = base64.urlsafe_b64encode(
            hashlib.sha256(f"phoihop-signing:{settings.SECRET_KEY}".encode()).digest()
        )
    return Fernet(key)


@dataclass
class OpenedPkcs12:
    key_der: bytes  # PKCS#8, unencrypted: only in memory
    certificate_pem: str
    chain_pem: str
    subject: str
    organisation: str
    issuer: str
    not_before: datetime
    not_after: datetime


def open_pkcs12(data: bytes, passphrase: str) -> OpenedPkcs12:
    """Open an uploaded .p12/.pfx; SigningError (in Vietnamese) when the passphrase or the file is wrong."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    try:
        key, certificate, extra = pkcs12.load_key_and_certificates(data, passphrase.encode() or None)
    except ValueError as exc:
        raise SigningError(_("Không mở được tệp chứng thư số: sai mật khẩu hoặc tệp không phải PKCS#12 "
                             "(.p12, .pfx).")) from exc
    if key is None or certificate is None:
        raise SigningError(_("Tệp chứng thư số không có khóa bí mật hoặc chứng thư."))
    pem = serialization.Encoding.PEM
    return OpenedPkcs12(
        key_der=key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ),
        certificate_pem=certificate.public_bytes(pem).decode(),
        chain_pem="".join(c.public_bytes(pem).decode() for c in extra or []),
        subject=_name(certificate.subject, "CN"),
        organisation=_name(certificate.subject, "O"),
        issuer=_name(certificate.issuer, "CN") or certificate.issuer.rfc4514_string(),
        not_before=certificate.not_valid_before_utc,
        not_after=certificate.not_valid_after_utc,
    )


def describe_certificate(certificate_pem: str) -> OpenedPkcs12:
    """A certificate brought as PEM (a PKCS#11 credential: its key stays on the token)."""
    from cryptography import x509

    try:
        certificate = x509.load_pem_x509_certificate(certificate_pem.encode())
    except ValueError as exc:
        raise SigningError(_("Chứng thư số (PEM) không đọc được.")) from exc
    return OpenedPkcs12(
        key_der=b"",
        certificate_pem=certificate_pem,
        chain_pem="",
        subject=_name(certificate.subject, "CN"),
        organisation=_name(certificate.subject, "O"),
        issuer=_name(certificate.issuer, "CN") or certificate.issuer.rfc4514_string(),
        not_before=certificate.not_valid_before_utc,
        not_after=certificate.not_valid_after_utc,
    )


def _name(name, attribute: str) -> str:
    from cryptography.x509.oid import NameOID

    oid = {"CN": NameOID.COMMON_NAME, "O": NameOID.ORGANIZATION_NAME}[attribute]
    values = name.get_attributes_for_oid(oid)
    return str(values[0].value) if values else ""


def seal_key(key_der: bytes) -> bytes:
    """The private key as stored: encrypted with SIGNING_KEY."""
    return _fernet().encrypt(key_der)


def unseal_key(blob: bytes) -> bytes:
    from cryptography.fernet import InvalidToken

    try:
        return _fernet().decrypt(bytes(blob))
    except InvalidToken as exc:
        raise SigningError(
            _("Không giải mã được khóa bí mật: SIGNING_KEY đã thay đổi từ khi nạp chứng thư.")
        ) from exc


# --- The visible stamp --------------------------------------------------------------------------------------


def stamp_image(*, signature_image: bytes | None, seal_image: bytes | None, lines: list[str], width_mm: float,
                height_mm: float, dpi: int = 200):
    """The picture in the signature block: the signature image, the body's seal in red over its left third,
    and the signature's information (signer, body, time) under them."""
    from PIL import Image, ImageDraw, ImageFont

    from coordination.fonts import font_file

    px = lambda mm: round(mm / 25.4 * dpi)  # noqa: E731
    canvas = Image.new("RGBA", (px(width_mm), px(height_mm)), (255, 255, 255, 0))
    text_h = px(3.6) * len(lines) + px(1)
    art_h = canvas.height - text_h
    signature = seal = None
    if signature_image:
        signature = Image.open(io.BytesIO(signature_image)).convert("RGBA")
        signature.thumbnail((round(canvas.width * 0.6), art_h))
    if seal_image:
        seal = Image.open(io.BytesIO(seal_image)).convert("RGBA")
        seal.thumbnail((art_h, art_h))
    signature_x = (canvas.width - signature.width) // 2 if signature else 0
    if signature:
        canvas.alpha_composite(signature, (signature_x, (art_h - signature.height) // 2))
    if seal:  # over the left third of the signature (Phụ lục I), or alone in the middle
        centre = signature_x + signature.width // 6 if signature else canvas.width // 2
        canvas.alpha_composite(seal, (max(0, centre - seal.width // 2), (art_h - seal.height) // 2))
    draw = ImageDraw.Draw(canvas)
    font = ImageFont.truetype(font_file("italic") or font_file("regular"), px(3.0))
    for index, line in enumerate(lines):
        width = draw.textlength(line, font=font)
        draw.text(
            ((canvas.width - width) / 2, art_h + index * px(3.6)), line, font=font, fill=(0, 0, 120, 255)
        )
    return canvas


def stamp_lines(*, signer: str, body: str, at: datetime) -> list[str]:
    return [
        f"Ký bởi: {signer}",
        f"Cơ quan: {body}",
        f"Thời gian ký: {timezone.localtime(at).strftime(VN_TIME)}",
    ]


# --- Signing
# ---------------------------------------------------------------------------------------------------


@dataclass
class Identity:
    """A key and its certificate chain, ready to sign (from a stored credential or a PKCS#11 token)."""

    certificate_pem: str
    chain_pem: str = ""
    key_der: bytes = b""
    pkcs11_key_label: str = ""


def _certificates(pem: str):
    from asn1crypto import pem as asn1_pem
    from asn1crypto import x509

    return (
        [x509.Certificate.load(der) for _, _, der in asn1_pem.unarmor(pem.encode(), multiple=True)]
        if pem
        else []
    )


@contextmanager
def _signer(identity: Identity):
    """The pyHanko signer of ``identity``; a PKCS#11 session on the configured token stays open while
    signing."""
    from asn1crypto import keys
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    certificate = _certificates(identity.certificate_pem)[0]
    chain = _certificates(identity.chain_pem)
    if not identity.pkcs11_key_label:
        yield signers.SimpleSigner(
            signing_cert=certificate,
            signing_key=keys.PrivateKeyInfo.load(identity.key_der),
            cert_registry=SimpleCertificateStore.from_certs(chain),
        )
        return
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign import pkcs11

    if not settings.SIGNING_PKCS11_MODULE:
        raise SigningError(gettext("Chưa cấu hình thiết bị ký số PKCS#11 (SIGNING_PKCS11_MODULE)."))
    session = pkcs11.open_pkcs11_session(
        settings.SIGNING_PKCS11_MODULE,
        user_pin=settings.SIGNING_PKCS11_PIN or None,
        token_criteria=TokenCriteria(label=settings.SIGNING_PKCS11_TOKEN_LABEL or None),
    )
    try:
        yield pkcs11.PKCS11Signer(
            session, key_label=identity.pkcs11_key_label, signing_cert=certificate, ca_chain=chain
        )
    finally:
        session.close()


def sign_pdf(
    pdf: bytes,
    *,
    identity: Identity,
    field_name: str,
    page: int,
    box: tuple[float, float, float, float],
    stamp,
    reason: str,
    location: str,
    signer_name: str,
) -> bytes:
    """Add one PAdES signature as an incremental update; ``box`` is (x0, y0, x1, y1) in PDF points on
    ``page``."""
    from pyhanko.pdf_utils.images import PdfImage
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import TextStampStyle

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
        name=signer_name,
    )
    style = TextStampStyle(
        stamp_text="", border_width=0, background=PdfImage(stamp.convert("RGB")), background_opacity=1
    )
    spec = fields.SigFieldSpec(field_name, on_page=page, box=tuple(round(v) for v in box))
    with _signer(identity) as signer:
        output = signers.PdfSigner(meta, signer=signer, stamp_style=style, new_field_spec=spec).sign_pdf(
            writer
        )
    return output.getvalue()


# --- Verification
# -----------------------------------------------------------------------------------------------

VALID, CHANGED, UNTRUSTED, EXPIRED, REVOKED, REVOCATION_UNKNOWN, BROKEN = (
    "valid", "changed", "untrusted", "expired", "revoked", "revocation_unknown", "broken")
WARNINGS = {
    CHANGED: _("Tài liệu đã bị sửa sau khi ký"),
    UNTRUSTED: _("Chứng thư không được tin cậy"),
    EXPIRED: _("Chứng thư đã hết hạn khi ký"),
    REVOKED: _("Chứng thư số đã bị thu hồi"),
    REVOCATION_UNKNOWN: _("Chưa kiểm tra được chứng thư số có bị thu hồi hay không"),
    BROKEN: _("Chữ ký số không đọc được"),
}


@dataclass
class Finding:
    """One signature of a PDF as a reader needs it."""

    field: str
    signer: str
    body: str
    signed_at: str  # ISO 8601; shown as dd/mm/yyyy hh:mm:ss Việt Nam time
    outcome: str  # VALID or one of WARNINGS
    issuer: str = ""
    notes: list[str] = field(default_factory=list)
    revoked_at: str = ""  # ISO 8601, when the CA revoked the certificate (outcome REVOKED)

    @property
    def signed_at_text(self) -> str:
        return (
            timezone.localtime(datetime.fromisoformat(self.signed_at)).strftime(VN_TIME)
            if self.signed_at
            else ""
        )

    @property
    def warning(self) -> str:
        if self.outcome == REVOKED and self.revoked_at:
            day = timezone.localtime(datetime.fromisoformat(self.revoked_at)).strftime("%d/%m/%Y")
            return gettext("Chứng thư số đã bị thu hồi ngày %(day)s") % {"day": day}
        return str(WARNINGS.get(self.outcome, ""))

    def as_dict(self) -> dict:
        return asdict(self)


def trust_roots(paths: list[str] | None = None) -> list:
    """The configured roots (PEM files, or folders of .pem/.crt/.cer files)."""
    files = []
    for entry in settings.SIGNING_TRUST_ROOTS if paths is None else paths:
        path = Path(entry)
        files += (
            sorted(p for p in path.iterdir() if p.suffix.lower() in (".pem", ".crt", ".cer"))
            if path.is_dir()
            else [path]
        )
    roots = []
    for path in files:
        data = path.read_bytes()
        if b"-----BEGIN" in data:
            roots += _certificates(data.decode())
        else:
            from asn1crypto import x509

            roots.append(x509.Certificate.load(data))
    return roots


def revocation_lists(paths: list[str] | None = None) -> list[bytes]:
    """The CRLs configured in ``SIGNING_CRLS`` (DER or PEM files, or folders of .crl files), as DER. A file
    that cannot be read is left out (logged): the certificates it covers then read "cannot check
    revocation"."""
    from asn1crypto import pem as asn1_pem

    files = []
    for entry in settings.SIGNING_CRLS if paths is None else paths:
        path = Path(entry)
        files += (
            sorted(p for p in path.iterdir() if p.suffix.lower() in (".crl", ".pem"))
            if path.is_dir()
            else [path]
        )
    crls = []
    for path in files:
        try:
            data = path.read_bytes()
        except OSError:
            logger.warning("Cannot read the CRL %s", path, exc_info=True)
            continue
        crls += (
            [der for _, _, der in asn1_pem.unarmor(data, multiple=True)] if asn1_pem.detect(data) else [data]
        )
    return crls


def _subject(certificate, key: str) -> str:
    return certificate.subject.native.get(key, "") if certificate is not None else ""


def _context(roots: list, crls: list[bytes], moment: datetime | None, revocation_mode: str):
    """Valid at the signing time: revocation information issued later (today's CRL) still tells whether the
    certificate had been revoked by then. "hard-fail": a certificate that names a CRL or OCSP address must
    have its status found; "soft-fail" is only asked to tell that case apart from an untrusted certificate."""
    from pyhanko_certvalidator import ValidationContext

    if not roots:
        return None
    return ValidationContext(
        trust_roots=roots,
        crls=crls,
        allow_fetching=settings.SIGNING_REVOCATION_FETCH,
        moment=moment,
        revocation_mode=revocation_mode,
        retroactive_revinfo=True,
    )


def verify_pdf(pdf: bytes, *, roots: list | None = None) -> list[Finding]:
    """Every signature of ``pdf``, checked; [] when it has none (or is no readable PDF)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature

    roots = trust_roots() if roots is None else roots
    crls = revocation_lists() if roots else []
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = list(reader.embedded_signatures)
    except Exception:  # noqa: BLE001 — not a PDF we can read: nothing to report
        return []
    findings = []
    for embedded in signatures:
        name = embedded.field_name or ""
        try:
            certificate = embedded.signer_cert
            signed_at = embedded.self_reported_timestamp
            status = validate_pdf_signature(
                embedded, signer_validation_context=_context(roots, crls, signed_at, "hard-fail")
            )
            # Not trusted, and not for a revocation: is it only that the revocation status could not be had?
            revocation_unknown = bool(roots and not status.trusted and status.revocation_details is None
                                      and validate_pdf_signature(embedded, signer_validation_context=_context(
                                          roots, crls, signed_at, "soft-fail")).trusted)
        except Exception as exc:  # noqa: BLE001 — a damaged signature is a finding, not a crash
            findings.append(
                Finding(field=name, signer="", body="", signed_at="", outcome=BROKEN, notes=[str(exc)[:300]])
            )
            continue
        notes = []
        from pyhanko.sign.diff_analysis import ModificationLevel
        from pyhanko.sign.validation.status import SignatureCoverageLevel

        changed = (
            not status.intact
            or not status.valid
            or status.coverage is None
            or status.coverage < SignatureCoverageLevel.ENTIRE_REVISION
            or (
                status.modification_level is not None
                and status.modification_level > ModificationLevel.FORM_FILLING
            )
            or status.docmdp_ok is False
        )
        not_after = (
            certificate["tbs_certificate"]["validity"]["not_after"].native
            if certificate is not None
            else None
        )
        not_before = (
            certificate["tbs_certificate"]["validity"]["not_before"].native
            if certificate is not None
            else None
        )
        expired = bool(
            signed_at and ((not_after and signed_at > not_after) or (not_before and signed_at < not_before))
        )
        revocation = status.revocation_details
        if changed:
            outcome = CHANGED
        elif revocation is not None:
            outcome = REVOKED
        elif expired:
            outcome = EXPIRED
        elif revocation_unknown:
            outcome = REVOCATION_UNKNOWN
        elif not roots or not status.trusted:
            outcome = UNTRUSTED
            notes.append("no trust roots configured" if not roots else "does not chain to a trusted root")
        else:
            outcome = VALID
        findings.append(
            Finding(
                field=name,
                signer=_subject(certificate, "common_name"),
                body=_subject(certificate, "organization_name"),
                signed_at=signed_at.isoformat() if signed_at else "",
                outcome=outcome,
                issuer=certificate.issuer.native.get("common_name", "") if certificate is not None else "",
                notes=notes,
                revoked_at=revocation.revocation_date.isoformat() if revocation else "",
            )
        )
    return findings


def summary(findings: list[Finding]) -> str:
    """The register's word for a file: "" (not signed), VALID, or the worst warning."""
    if not findings:
        return ""
    for outcome in (CHANGED, BROKEN, REVOKED, EXPIRED, UNTRUSTED, REVOCATION_UNKNOWN):
        if any(f.outcome == outcome for f in findings):
            return outcome
    return VALID
