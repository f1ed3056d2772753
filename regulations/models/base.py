"""What every regulation model shares: NFC text and the check of a document's number."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from coordination.text import to_nfc

# "794/QCPH-TTHĐND-UBND-BTTUBMTTQ", "10/2016/NQ-HĐND", "06/QC-TT.HĐND-UBND", "01/QCPH/UBND-UBMTTQ".
_NUMBER_RE = re.compile(r"^(\d{1,5})(?:/(\d{4}))?/([^\s/][^\s]*)$")
_SYMBOL_PART_RE = re.compile(r"^[\w.]+$")


class NfcTextMixin:
    """Text however it arrives (forms, the admin, services; Word often pastes NFD) is validated and stored
    NFC, so that search, uniqueness and comparisons see one spelling."""

    def _text_to_nfc(self) -> None:
        for field in self._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                value = getattr(self, field.attname)
                if isinstance(value, str):
                    setattr(self, field.attname, to_nfc(value))

    def clean_fields(self, exclude=None):
        self._text_to_nfc()
        super().clean_fields(exclude=exclude)

    def save(self, *args, **kwargs):
        self._text_to_nfc()
        super().save(*args, **kwargs)


def validate_document_number(value: str) -> None:
    match = _NUMBER_RE.match(value or "")
    if match:
        symbol = match.group(3)
        parts = re.split(r"[-/]", symbol)
        if symbol == symbol.upper() and all(
            p and _SYMBOL_PART_RE.match(p) and not p.isdigit() for p in parts
        ):
            return
    raise ValidationError(
        _(
            "Số, ký hiệu “%(value)s” không đúng mẫu văn bản hành chính (ví dụ: "
            "794/QCPH-TTHĐND-UBND-BTTUBMTTQ)."
        ),
        code="invalid_number",
        params={"value": value},
    )
