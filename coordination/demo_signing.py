"""Demo step: the demo's leaders get a trial certificate to sign with (coordination.trial_ca).

A demo CA is made once in ``VAR_DIR/demo-signing/`` (its certificate ``ca-thu-nghiem.pem`` is the trust root
``make run`` configures) and republishes its (empty) CRL ``ca-thu-nghiem.crl`` at each load. Each leader
without a certificate gets one, stored like an uploaded one, and its ``<username>.p12`` (passphrase
``DEMO_CERTIFICATE_PASSWORD``) is written beside, to try "Chữ ký số của tôi" with. The CA is named for what it
is: a trial certificate without legal value.
"""

import os
from datetime import timedelta
from io import BytesIO

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from coordination import trial_ca
from coordination.models import Membership, Role, SigningCredential

DEMO_CERTIFICATE_PASSWORD = "kyso12345"
DEMO_CA_NAME = "Chứng thư thử nghiệm — không có giá trị pháp lý"  # a CN holds 64 characters


def demo_signing_dir():
    return settings.VAR_DIR / "demo-signing"


def _write(path, data: bytes) -> None:
    """Whole or not at all: two loads at once never leave half a key."""
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_bytes(data)
    os.replace(partial, path)


def _authority(folder, now) -> trial_ca.Authority:
    certificate, key = folder / "ca-thu-nghiem.pem", folder / "ca-thu-nghiem.key"
    if certificate.exists() and key.exists():
        return trial_ca.Authority.load(certificate.read_bytes(), key.read_bytes())
    authority = trial_ca.new_authority(DEMO_CA_NAME, valid_from=now - timedelta(days=1), years=10)
    _write(key, authority.key_pem)
    _write(certificate, authority.pem)
    return authority


def picture(kind: str = "signature") -> bytes:
    """A signature (blue strokes) or a round red seal, as a PNG an officer would upload."""
    image = Image.new("RGBA", (400, 200 if kind == "signature" else 400), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    if kind == "signature":
        draw.line(
            [(20, 150), (90, 40), (150, 160), (230, 50), (300, 150), (380, 80)],
            fill=(20, 40, 160, 255),
            width=9,
        )
    else:
        draw.ellipse([10, 10, 390, 390], outline=(200, 0, 0, 230), width=14)
        draw.ellipse([70, 70, 330, 330], outline=(200, 0, 0, 230), width=8)
        draw.regular_polygon((200, 200, 60), 5, fill=(200, 0, 0, 230))
    buffer = BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def build(ctx) -> None:
    from coordination.services import credential_store

    folder = demo_signing_dir()
    folder.mkdir(parents=True, exist_ok=True)
    now = timezone.now()
    authority = _authority(folder, now)
    _write(
        folder / "ca-thu-nghiem.crl", trial_ca.crl(authority, revoked={}, issued=now - timedelta(minutes=5))
    )
    leads = Membership.objects.filter(user__in=ctx.users.values(), role=Role.LEADER).select_related(
        "user__person", "body"
    )
    holders = set(
        SigningCredential.objects.filter(user__in=ctx.users.values(), active=True).values_list(
            "user_id", flat=True
        )
    )
    for membership in leads:
        user = membership.user
        if user.pk in holders:
            continue
        holders.add(user.pk)
        key, certificate = trial_ca.issue_key(
            authority,
            user.person.full_name[:64],
            membership.body.name[:64],
            revocable=True,
            not_before=now - timedelta(days=1),
            not_after=now + timedelta(days=730),
        )
        p12 = trial_ca.as_pkcs12(key, certificate, authority, DEMO_CERTIFICATE_PASSWORD)
        _write(folder / f"{user.username}.p12", p12)
        credential_store(data=p12, passphrase=DEMO_CERTIFICATE_PASSWORD, user=user, by=None,
                         image=ContentFile(picture(), name=f"chu-ky-{user.username}.png"))
    ctx.notes.append(
        f"Chứng thư thử nghiệm — không có giá trị pháp lý: các lãnh đạo đã có sẵn chứng thư để ký số; tệp "
        f".p12 trong "
        f"{folder} (mật khẩu tệp: {DEMO_CERTIFICATE_PASSWORD}), CA gốc {folder / 'ca-thu-nghiem.pem'}."
    )
