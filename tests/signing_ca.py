"""The signature tests' CA (coordination.trial_ca: no real CA, no network): a root, and signing certificates
issued by it, valid, expired, or issued by another root nobody trusts; a revocable certificate names the CA's
CRL, which the CA publishes as a file (``publish_crl``)."""

__all__ = ["authority", "issue", "issue_key", "serial_of", "publish_crl", "picture", "a_pdf", "sign"]

from datetime import UTC, datetime
from functools import lru_cache

from cryptography.hazmat.primitives.serialization import pkcs12

from coordination import signing, trial_ca
from coordination.demo_signing import picture
from coordination.trial_ca import Authority, as_pkcs12, new_authority


@lru_cache(maxsize=4)
def authority(name: str = "CA thử nghiệm Phối hợp") -> Authority:
    return new_authority(name, valid_from=datetime(2020, 1, 1, tzinfo=UTC))


def issue(common: str, organisation: str, *, by: Authority | None = None, not_before: datetime | None = None,
          not_after: datetime | None = None, passphrase: str = "matkhau", revocable: bool = False) -> bytes:
    """A PKCS#12 (.p12) holding a new key and its certificate issued by ``by`` (the test root by default);
    a ``revocable`` one names the CA's CRL, as every certificate of a licensed CA does."""
    by = by or authority()
    key, certificate = issue_key(
        common, organisation, by=by, not_before=not_before, not_after=not_after, revocable=revocable
    )
    return as_pkcs12(key, certificate, by, passphrase)


def issue_key(
    common: str,
    organisation: str,
    *,
    by: Authority | None = None,
    not_before: datetime | None = None,
    not_after: datetime | None = None,
    revocable: bool = False,
    rsa_key: bool = False,
):
    return trial_ca.issue_key(by or authority(), common, organisation, revocable=revocable, rsa_key=rsa_key,
                              not_before=not_before or datetime(2025, 1, 1, tzinfo=UTC),
                              not_after=not_after or datetime(2030, 1, 1, tzinfo=UTC))


def serial_of(p12: bytes) -> int:
    return pkcs12.load_key_and_certificates(p12, b"matkhau")[1].serial_number


def publish_crl(path, *, revoked: dict[int, datetime], by: Authority | None = None,
                issued: datetime = datetime(2026, 12, 1, tzinfo=UTC)):
    """The CA's CRL as a DER file at ``path``."""
    path.write_bytes(trial_ca.crl(by or authority(), revoked=revoked, issued=issued))
    return path


# --- Signing a small two-party document with these certificates -------------------------------------------


def identity_of(p12: bytes) -> signing.Identity:
    opened = signing.open_pkcs12(p12, "matkhau")
    return signing.Identity(
        certificate_pem=opened.certificate_pem, chain_pem=opened.chain_pem, key_der=opened.key_der
    )


def a_pdf() -> tuple[bytes, list[dict]]:
    """A one-page document with two signature blocks (Thường trực HĐND leads, UBND second) and their slots."""
    from coordination.pdf import render_pdf_with_slots

    context = {
        "document_title": "Báo cáo",
        "subject": "Thử ký số",
        "issuers": [["THƯỜNG TRỰC HĐND"]],
        "header_left_mm": 66,
        "header_right_mm": 99,
        "signatures": [
            {
                "on_behalf": "TM. THƯỜNG TRỰC HĐND",
                "position": "CHỦ TỊCH",
                "name": "Trần Thị Bình",
                "body_id": 1,
            },
            {
                "on_behalf": "TM. ỦY BAN NHÂN DÂN",
                "position": "CHỦ TỊCH",
                "name": "Lê Văn Cường",
                "body_id": 2,
            },
        ],
    }
    content, slots = render_pdf_with_slots("pdf/base.html", context)
    return content, slots


def sign(pdf: bytes, p12: bytes, slot: dict, name: str, field: str) -> bytes:
    stamp = signing.stamp_image(
        signature_image=picture(),
        seal_image=picture("seal"),
        lines=signing.stamp_lines(signer=name, body="Thường trực HĐND", at=datetime.now(UTC)),
        width_mm=70,
        height_mm=26,
    )
    return signing.sign_pdf(
        pdf,
        identity=identity_of(p12),
        field_name=field,
        page=slot["page"],
        box=slot["box"],
        stamp=stamp,
        reason="Ký ban hành",
        location="Hòa Phong",
        signer_name=name,
    )
