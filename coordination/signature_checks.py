"""Uploaded PDFs are checked for digital signatures when they come back (coordination.signing.verify_pdf).

An app declares which of its file fields hold documents that may come back signed, from its ``providers.py``:

    register_signed_upload(Regulation, "scanned_copy")

Saving such an object with a file queues ``coordination.tasks.check_signatures`` after the commit; the result
is one ``SignatureCheck`` row per (object, field), read by the page's badge (``{% signature_badge obj "field"
%}``) and by the registers' filter (``with_signature_outcome``).
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.db.models.signals import post_save

from coordination.models import SignatureCheck

SIGNED_UPLOADS: dict[type, list[str]] = {}


def register_signed_upload(model: type, field_name: str) -> None:
    fields = SIGNED_UPLOADS.setdefault(model, [])
    if field_name not in fields:
        fields.append(field_name)
        post_save.connect(_queue_check, sender=model, dispatch_uid=f"signature-check-{model._meta.label}")


def _queue_check(sender, instance, **kwargs):
    from coordination.tasks import check_signatures

    label, model, pk = sender._meta.app_label, sender._meta.model_name, instance.pk
    for field_name in SIGNED_UPLOADS.get(sender, []):
        if (
            getattr(instance, field_name)
            or SignatureCheck.objects.filter(
                content_type=ContentType.objects.get_for_model(sender), object_id=pk, field_name=field_name
            ).exists()
        ):
            transaction.on_commit(lambda f=field_name: check_signatures.delay(label, model, pk, f))


def check_of(instance, field_name: str) -> SignatureCheck | None:
    return SignatureCheck.objects.filter(
        content_type=ContentType.objects.get_for_model(instance), object_id=instance.pk, field_name=field_name
    ).first()


def with_signature_outcome(queryset, field_name: str, outcome: str):
    """Rows whose file in ``field_name`` reads ``outcome``: "valid", "warning" (any warning), or "none" (not
    signed)."""
    checks = SignatureCheck.objects.filter(content_type=ContentType.objects.get_for_model(queryset.model),
                                           object_id=OuterRef("pk"), field_name=field_name)
    if outcome == "valid":
        return queryset.filter(Exists(checks.filter(outcome="valid")))
    if outcome == "warning":
        return queryset.filter(Exists(checks.exclude(outcome__in=["", "valid"])))
    if outcome == "none":
        return queryset.exclude(Exists(checks.exclude(outcome="")))
    return queryset
