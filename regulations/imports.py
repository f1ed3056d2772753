"""Reading an imported regulation off the request: the officer's file or pasted text is parsed by a background
task.

The import page checks only the upload itself (extension, size, content, zip members' expansion:
``coordination.uploads.check_upload``), stores what was sent and queues a job on coordination's report queue
(``KIND``); the officer goes at once to the job's page, which shows its progress and then the same preview as
before. The task reads the file (``parsing.read_source``), refuses a text past ``IMPORT_MAX_ROWS`` lines and
parses it; its outcome, kept as the job's file, is JSON: the text read (it goes back into the box) and either
the parsed outline or the message naming what is wrong. Nothing is saved to a regulation until the officer
confirms on the preview page (``services.regulation_import`` with the parsed outline of the job).

A second click of the same import (same person, unit, number, file name and content) while its job is queued
or running gets that job back instead of a second one.
"""

import hashlib
import json
import typing
import uuid
from collections.abc import Callable
from dataclasses import asdict, fields, is_dataclass
from datetime import date
from types import UnionType

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext

from coordination.models import GeneratedReport
from coordination.services import report_in_progress, report_request
from regulations.parsing import (
    ParsedRegulation,
    RegulationParseError,
    normalise_text,
    parse_regulation,
    read_source,
)

KIND = "regulation_import_preview"
OUTCOME_FILENAME = "xem-truoc-quy-che.json"


def regulation_import_queue(*, unit, number: str, content: bytes, filename: str = "", by) -> GeneratedReport:
    """Store an upload (``filename`` given) or a pasted text (UTF-8, no ``filename``) and queue its reading;
    the caller authorized ``by`` to import into ``unit``. The same import already queued or running is
    returned."""
    digest = hashlib.sha256(f"{unit.pk}\n{number}\n{filename}\n".encode() + content).hexdigest()
    with transaction.atomic():
        # Looked up by the input's digest, before the upload is stored a second time.
        running = report_in_progress(kind=KIND, by=by, params__digest=digest)
        if running:
            return running
        path = default_storage.save(
            f"imports/{uuid.uuid4().hex}.{'upload' if filename else 'txt'}", ContentFile(content)
        )
        title = (gettext("Đọc văn bản quy chế %(file)s") % {"file": filename} if filename
                 else gettext("Đọc văn bản quy chế đã dán"))
        return report_request(kind=KIND, title=title, by=by, params={
            "unit_id": unit.pk, "number": number, "filename": filename, "path": path, "digest": digest,
        })


def _line_limit_check(text: str) -> None:
    if (
        text.count("\n") >= settings.IMPORT_MAX_ROWS
    ):  # counted before parsing: a few thousand lines parse in a second
        raise RegulationParseError(
            gettext("văn bản có hơn %(rows)s dòng, quá số dòng tối đa của một tệp nhập (IMPORT_MAX_ROWS); "
                    "hãy kiểm tra đúng tệp quy chế.") % {"rows": settings.IMPORT_MAX_ROWS})


def regulation_import_read(*, report: GeneratedReport, progress: Callable[[int], None]) -> dict:
    """The task's work: ``{"text", "parsed"}`` for a text that reads, ``{"text", "error"}`` for one that does
    not."""
    params = report.params
    with default_storage.open(params["path"], "rb") as stored:
        data = stored.read()
    text = ""
    try:
        text = (
            read_source(data=data, filename=params["filename"])
            if params["filename"]
            else data.decode("utf-8")
        )
        progress(20)
        _line_limit_check(text)
        parsed = parse_regulation(text)
    except RegulationParseError as exc:
        outcome = {"text": str(text), "error": str(exc)}
    else:
        outcome = {
            "text": str(text),
            "parsed": json.loads(json.dumps(asdict(parsed), default=date.isoformat)),
        }
    default_storage.delete(
        params["path"]
    )  # after the reading: a worker restarted mid-way reads the file again
    return outcome


def import_outcome(report: GeneratedReport) -> dict:
    """The finished job's outcome, its outline back as a ParsedRegulation."""
    with report.file.open("rb") as stored:
        outcome = json.loads(stored.read())
    if "parsed" in outcome:
        outcome["parsed"] = _from_json(ParsedRegulation, outcome["parsed"])
    return outcome


def same_text(a: str, b: str) -> bool:
    """Whether the box still holds the text the job read (the browser sends its lines back with CR LF)."""
    return normalise_text(a).strip() == normalise_text(b).strip()


def _from_json(kind, value):
    """A value of type ``kind`` (a parsing dataclass, a list of them, a date, an optional…) back from its JSON
    form."""
    if value is None:
        return None
    origin = typing.get_origin(kind)
    if origin in (UnionType, typing.Union):
        return _from_json(next(arg for arg in typing.get_args(kind) if arg is not type(None)), value)
    if origin is list:
        (item,) = typing.get_args(kind)
        return [_from_json(item, element) for element in value]
    if is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        return kind(
            **{f.name: _from_json(hints[f.name], value[f.name]) for f in fields(kind) if f.name in value}
        )
    if kind is date:
        return date.fromisoformat(value)
    return value
