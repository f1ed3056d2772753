"""The check every document upload goes through (submissions, resolutions, petition answers…)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

# What a document upload may be: extension -> the bytes such a file starts with.
UPLOAD_SIGNATURES = {
    "pdf": (b"%PDF",),
    "docx": (b"PK\x03\x04",),
    "doc": (b"\xd0\xcf\x11\xe0",),
    "odt": (b"PK\x03\x04",),
}


def check_document(upload, *, label: str):
    """Type and size check of an uploaded document; the message names the field and the file."""
    if upload is None:
        return upload
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in UPLOAD_SIGNATURES:
        raise forms.ValidationError(
            _("%(field)s: tệp “%(name)s” không đúng loại; chỉ nhận PDF, DOC, DOCX, ODT.") % {"field": label, "name": upload.name}
        )
    if upload.size > settings.MAX_UPLOAD_MB * 1024 * 1024:
        raise forms.ValidationError(
            _("%(field)s: tệp “%(name)s” lớn hơn %(mb)s MB.") % {"field": label, "name": upload.name, "mb": settings.MAX_UPLOAD_MB}
        )
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in UPLOAD_SIGNATURES[extension]):
        raise forms.ValidationError(
            _("%(field)s: nội dung tệp “%(name)s” không phải tệp %(ext)s hợp lệ.") % {"field": label, "name": upload.name, "ext": extension.upper()}
        )
    return upload
