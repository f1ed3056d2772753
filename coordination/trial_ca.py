"""A certification authority of our own, for the demo and the tests: no real CA, no network, no legal value.

A root, certificates it issues (a ``revocable`` one names the CA's CRL, as a licensed CA's certificates do),
and the CRL it publishes as a file. Real certificates come from a licensed CA and are uploaded (README,
"Digital signatures").
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CRL_ADDRESS = (
    "http://127.0.0.1/ca-thu-nghiem.crl"  # named in revocable certificates; the CRL is read as a file
)


@dataclass
class Authority:
    name: str
    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate

    @property
    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    @property
    def key_pem(self) -> bytes:
        return self.key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption())

    @classmethod
    def load(cls, certificate_pem: bytes, key_pem: bytes) -> "Authority":
        certificate = x509.load_pem_x509_certificate(certificate_pem)
        name = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
        return cls(name, serialization.load_pem_private_key(key_pem, None), certificate)


def _name(common: str, organisation: str = "") -> x509.Name:
    parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"), x509.NameAttribute(NameOID.COMMON_NAME, common)]
    if organisation:
        parts.insert(1, x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    return x509.Name(parts)


def new_authority(name: str, *, valid_from: datetime, years: int = 20) -> Authority:
    key = ec.generate_private_key(ec.SECP256R1())
    certificate = (
        x509.CertificateBuilder()
        .subject_name(_name(name))
        .issuer_name(_name(name))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(valid_from)
        .not_valid_after(valid_from + timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    return Authority(name, key, certificate)


def issue_key(by: Authority, common: str, organisation: str, *, not_before: datetime, not_after: datetime,
              revocable: bool = False, rsa_key: bool = False):
    """A new key (EC, or RSA 2048 as Vietnamese CAs issue and tokens sign with) and its signing
    certificate."""
    key = (
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
        if rsa_key
        else ec.generate_private_key(ec.SECP256R1())
    )
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(common, organisation))
        .issuer_name(by.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
    )
    if revocable:
        builder = builder.add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
            [x509.UniformResourceIdentifier(CRL_ADDRESS)], None, None, None)]), critical=False)
    return key, builder.sign(by.key, hashes.SHA256())


def as_pkcs12(key, certificate, by: Authority, passphrase: str) -> bytes:
    """The .p12 file a CA hands out: the key, its certificate and the CA's."""
    common = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
    return pkcs12.serialize_key_and_certificates(
        common.encode(),
        key,
        certificate,
        [by.certificate],
        serialization.BestAvailableEncryption(passphrase.encode())
        if passphrase
        else serialization.NoEncryption(),
    )


def crl(by: Authority, *, revoked: dict[int, datetime], issued: datetime, days: int = 30) -> bytes:
    """The CA's CRL (DER): the serial numbers in ``revoked``, each with its revocation time."""
    builder = (x509.CertificateRevocationListBuilder().issuer_name(by.certificate.subject)
               .last_update(issued).next_update(issued + timedelta(days=days)))
    for serial, at in revoked.items():
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(at).build()
        )
    return builder.sign(by.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)
