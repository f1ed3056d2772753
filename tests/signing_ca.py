"""A certification authority of our own for the signature tests (no real CA, no network): a root, and
signing certificates issued by it, valid, expired, or issued by another root nobody trusts; a revocable
certificate names the CA's CRL, which the CA publishes as a file (``publish_crl``)."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from io import BytesIO

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from PIL import Image, ImageDraw

from coordination import signing


@dataclass
class Authority:
    name: str
    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate

    @property
    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)


def _name(common: str, organisation: str = "") -> x509.Name:
    parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"), x509.NameAttribute(NameOID.COMMON_NAME, common)]
    if organisation:
        parts.insert(1, x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    return x509.Name(parts)


@lru_cache(maxsize=4)
def authority(name: str = "CA thử nghiệm Phối hợp") -> Authority:
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime(2020, 1, 1, tzinfo=UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(_name(name)).issuer_name(_name(name)).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now).not_valid_after(now + timedelta(days=365 * 20))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                                     encipher_only=False, decipher_only=False), critical=True)
        .sign(key, hashes.SHA256())
    )
    return Authority(name, key, certificate)


CRL_ADDRESS = "http://127.0.0.1/ca-thu-nghiem.crl"  # named in revocable certificates; never fetched


def issue(common: str, organisation: str, *, by: Authority | None = None, not_before: datetime | None = None,
          not_after: datetime | None = None, passphrase: str = "matkhau", revocable: bool = False) -> bytes:
    """A PKCS#12 (.p12) holding a new key and its certificate issued by ``by`` (the test root by default);
    a ``revocable`` one names the CA's CRL, as every certificate of a licensed CA does."""
    key, certificate = issue_key(common, organisation, by=by, not_before=not_before, not_after=not_after,
                                 revocable=revocable)
    return pkcs12.serialize_key_and_certificates(
        common.encode(), key, certificate, [(by or authority()).certificate],
        serialization.BestAvailableEncryption(passphrase.encode()) if passphrase else serialization.NoEncryption())


def issue_key(common: str, organisation: str, *, by: Authority | None = None, not_before: datetime | None = None,
              not_after: datetime | None = None, revocable: bool = False, rsa_key: bool = False):
    """A new key (EC, or RSA 2048 as Vietnamese CAs issue and tokens sign with) and its certificate issued by
    ``by``, as ``cryptography`` objects."""
    by = by or authority()
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048) if rsa_key else ec.generate_private_key(ec.SECP256R1())
    builder = (
        x509.CertificateBuilder().subject_name(_name(common, organisation)).issuer_name(by.certificate.subject)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(not_before or datetime(2025, 1, 1, tzinfo=UTC)).not_valid_after(not_after or datetime(2030, 1, 1, tzinfo=UTC))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                                     encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
    )
    if revocable:
        builder = builder.add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
            [x509.UniformResourceIdentifier(CRL_ADDRESS)], None, None, None)]), critical=False)
    return key, builder.sign(by.key, hashes.SHA256())


def serial_of(p12: bytes) -> int:
    return pkcs12.load_key_and_certificates(p12, b"matkhau")[1].serial_number


def publish_crl(path, *, revoked: dict[int, datetime], by: Authority | None = None,
                issued: datetime = datetime(2026, 12, 1, tzinfo=UTC)):
    """The CA's CRL as a DER file at ``path``: the serial numbers in ``revoked``, each with its revocation time."""
    by = by or authority()
    builder = (x509.CertificateRevocationListBuilder().issuer_name(by.certificate.subject)
               .last_update(issued).next_update(issued + timedelta(days=30)))
    for serial, at in revoked.items():
        builder = builder.add_revoked_certificate(x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(at).build())
    path.write_bytes(builder.sign(by.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER))
    return path


def picture(kind: str = "signature") -> bytes:
    """A signature (blue strokes) or a round red seal, as a PNG an officer would upload."""
    image = Image.new("RGBA", (400, 200 if kind == "signature" else 400), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    if kind == "signature":
        draw.line([(20, 150), (90, 40), (150, 160), (230, 50), (300, 150), (380, 80)], fill=(20, 40, 160, 255), width=9)
    else:
        draw.ellipse([10, 10, 390, 390], outline=(200, 0, 0, 230), width=14)
        draw.ellipse([70, 70, 330, 330], outline=(200, 0, 0, 230), width=8)
        draw.regular_polygon((200, 200, 60), 5, fill=(200, 0, 0, 230))
    buffer = BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


# --- Signing a small two-party document with these certificates -------------------------------------------


def identity_of(p12: bytes) -> signing.Identity:
    opened = signing.open_pkcs12(p12, "matkhau")
    return signing.Identity(certificate_pem=opened.certificate_pem, chain_pem=opened.chain_pem, key_der=opened.key_der)


def a_pdf() -> tuple[bytes, list[dict]]:
    """A one-page document with two signature blocks (Thường trực HĐND leads, UBND second) and their slots."""
    from coordination.pdf import render_pdf_with_slots

    context = {"document_title": "Báo cáo", "subject": "Thử ký số", "issuers": [["THƯỜNG TRỰC HĐND"]],
               "header_left_mm": 66, "header_right_mm": 99, "signatures": [
                   {"on_behalf": "TM. THƯỜNG TRỰC HĐND", "position": "CHỦ TỊCH", "name": "Trần Thị Bình", "body_id": 1},
                   {"on_behalf": "TM. ỦY BAN NHÂN DÂN", "position": "CHỦ TỊCH", "name": "Lê Văn Cường", "body_id": 2}]}
    content, slots = render_pdf_with_slots("pdf/base.html", context)
    return content, slots


def sign(pdf: bytes, p12: bytes, slot: dict, name: str, field: str) -> bytes:
    stamp = signing.stamp_image(signature_image=picture(), seal_image=picture("seal"),
                                lines=signing.stamp_lines(signer=name, body="Thường trực HĐND", at=datetime.now(UTC)),
                                width_mm=70, height_mm=26)
    return signing.sign_pdf(pdf, identity=identity_of(p12), field_name=field, page=slot["page"], box=slot["box"], stamp=stamp,
                            reason="Ký ban hành", location="Hòa Phong", signer_name=name)
