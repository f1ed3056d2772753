"""The check every upload goes through (submissions, resolutions, petition answers, follow-up evidence,
scanned signatures, regulation and opinion imports): type by extension AND content, size, archives.

- The first bytes must be those of the type the extension claims (a ``.pdf`` that is HTML is refused).
- No file may also be a web page: HTML or script markup anywhere in it (a PDF/HTML polyglot) is refused,
  and so is a PDF that carries JavaScript.
- An Office/OpenDocument file (a zip) must be a valid archive holding the part its type needs, and no
  member may expand past ``IMPORT_MAX_UNCOMPRESSED_MB`` in all or beyond ``IMPORT_MAX_COMPRESSION_RATIO``
  times its compressed size (a "zip bomb": 307 KB holding a 300 MB shared-strings part) — checked from
  the archive's directory, before anything is parsed; zipfile then never inflates a member past the size
  its directory declares.
"""

import zipfile

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
ZIP = (b"PK\x03\x04",)
# Extension -> the bytes such a file starts with.
UPLOAD_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "doc": OLE,
    "xls": OLE,
    "docx": ZIP,
    "xlsx": ZIP,
    "odt": ZIP,
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "txt": (b"",),  # any bytes; the reader decides whether they are text
}
# The part a zip-based document cannot be without.
ZIP_REQUIRED_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "odt": "content.xml"}
DOCUMENT_TYPES = ("pdf", "doc", "docx", "odt")
EVIDENCE_TYPES = ("pdf", "doc", "docx", "xls", "xlsx", "odt", "jpg", "jpeg", "png")
# Markup that makes a browser (or a careless viewer) treat the bytes as a page, wherever it appears.
ACTIVE_MARKUP = (
    b"<html",
    b"<!doctype html",
    b"<script",
    b"<body",
    b"<iframe",
    b"<svg",
    b"<object",
    b"<embed",
    b"<meta http-equiv",
    b"javascript:",
)
PDF_ACTIVE = (b"/javascript", b"/launch")


class UnsafeArchive(ValueError):
    """A zip that would expand too far: the message says which member and why (Vietnamese)."""


class NotAnArchive(UnsafeArchive):
    """Bytes that are no zip at all."""


def archive_check(source) -> zipfile.ZipFile:
    """Open a zip (a path or a file object) and refuse it before parsing when a member would expand too
    far."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise NotAnArchive(_("tệp không phải tệp nén hợp lệ (Office/OpenDocument).")) from exc
    limit = settings.IMPORT_MAX_UNCOMPRESSED_MB * 1024 * 1024
    ratio = settings.IMPORT_MAX_COMPRESSION_RATIO
    total = 0
    for member in archive.infolist():
        total += member.file_size
        if total > limit:
            raise UnsafeArchive(_("nội dung giải nén vượt quá %(limit)s MB (phần «%(filename)s»).") % {
                "limit": settings.IMPORT_MAX_UNCOMPRESSED_MB, "filename": member.filename})
        if member.file_size > 1024 * 1024 and member.file_size > ratio * max(member.compress_size, 1):
            times = member.file_size // max(member.compress_size, 1)
            raise UnsafeArchive(
                _("phần «%(filename)s» nén quá mức (%(times)s lần, tối đa %(ratio)s lần): tệp có thể là bom "
                  "nén.") % {"filename": member.filename, "times": times, "ratio": ratio})
    return archive


# The messages each form always showed; a form may give its own (they name the field and the file).
MESSAGES = {
    "type": _("%(field)s: tệp “%(name)s” không đúng loại; chỉ nhận %(types)s."),
    "size": _("%(field)s: tệp “%(name)s” lớn hơn %(mb)s MB."),
    "content": _("%(field)s: nội dung tệp “%(name)s” không phải tệp %(ext)s hợp lệ."),
    "markup": _(
        "%(field)s: tệp “%(name)s” chứa mã trang web (HTML, script): không nhận tệp vừa là %(ext)s vừa là "
        "trang web."
    ),
    "pdf_active": _("%(field)s: tệp “%(name)s” là PDF có mã chạy tự động (JavaScript, Launch): không nhận."),
    "archive": _("%(field)s: tệp “%(name)s”: %(reason)s"),
}


def check_upload(
    upload,
    *,
    label: str,
    allowed=DOCUMENT_TYPES,
    messages: dict | None = None,
    parser_reads_bad_zip: bool = False,
):
    """Type (extension and content), size and archive check of an upload; the message names the field and
    file.

    ``parser_reads_bad_zip``: an import whose reader explains a damaged Office file itself; the archive limits
    still apply to any zip that opens.
    """
    if upload is None:
        return upload
    texts = {**MESSAGES, **(messages or {})}
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    facts = {"field": label, "name": upload.name, "ext": extension.upper(), "mb": settings.MAX_UPLOAD_MB,
             "size": upload.size / 1024 / 1024, "types": ", ".join(t.upper() for t in allowed)}

    def refuse(key, **more):
        raise forms.ValidationError(texts[key] % {**facts, **more})

    if extension not in allowed:
        refuse("type")
    if upload.size > settings.MAX_UPLOAD_MB * 1024 * 1024:
        refuse("size")
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    signed = any(data.startswith(signature) for signature in UPLOAD_SIGNATURES[extension])
    if not signed and not (parser_reads_bad_zip and UPLOAD_SIGNATURES[extension] == ZIP):
        refuse("content")
    lowered = data.lower()
    if extension != "txt" and any(marker in lowered for marker in ACTIVE_MARKUP):
        refuse("markup")
    if extension == "pdf" and any(marker in lowered for marker in PDF_ACTIVE):
        refuse("pdf_active")
    if extension in ZIP_REQUIRED_PART:
        try:
            archive = archive_check(upload)
        except NotAnArchive:
            if parser_reads_bad_zip:
                return upload  # not a zip at all: the reader says what is wrong with it
            refuse("content")
        except UnsafeArchive as exc:
            refuse("archive", reason=str(exc))
        finally:
            upload.seek(0)
        if ZIP_REQUIRED_PART[extension] not in archive.namelist() and not parser_reads_bad_zip:
            refuse("content")
    return upload


def check_document(upload, *, label: str):
    """A document (PDF, DOC, DOCX, ODT): submissions, resolutions, petition answers."""
    return check_upload(upload, label=label, allowed=DOCUMENT_TYPES)
