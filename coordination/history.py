"""An object's change history as a person reads it, for the "Lịch sử" pages: who, when, why, and each
changed field by its label with its old and new values (a choice's label, a body's name, d/m/Y, Có/Không,
"—" for nothing), read from the same django-simple-history records the admin shows.

Never shown: internal fields (the key, ``search_text``, ``updated_at``, anything not editable or without a
label of its own) and secret fields (``confidential_fields``, coordination/confidential.py).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models.fields.files import FieldFile
from django.shortcuts import render
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from coordination.confidential import secret_fields
from coordination.listing import choice_labels, display_value

HISTORY_LIMIT = 200
KINDS = {"+": _("Tạo mới"), "~": _("Sửa"), "-": _("Xóa")}


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryRow:
    when: datetime
    who: str
    what: str  # "Sửa"; where a page lists several objects' changes, which one too ("Sửa Điều 5. …")
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


def person_name(user) -> str:
    """Who did it: the user's full name, else the login name; "hệ thống" for a task or a migration."""
    if user is None:
        return str(_("hệ thống"))
    return user.get_full_name() or user.get_username()


def shown_fields(model) -> list:
    """The fields a person may read in the history: kept by it, editable, labelled, not the key, not a
    secret."""
    secrets = secret_fields(model)
    kept = {f.name for f in model.history.model.tracked_fields}
    return [
        f
        for f in model._meta.concrete_fields
        if f.name in kept
        and f.editable
        and not f.primary_key
        and f.name not in secrets
        # a field given no label of its own (subject_type, a cached code) is internal; the label as declared,
        # since in English "trạng thái" reads "status", like the field's name
        and f._verbose_name is not None
    ]


def _related_names(fields, records) -> dict[tuple[str, object], str]:
    """(field name, key) -> what the related object reads as, one query per foreign key."""
    names = {}
    user_model = get_user_model()
    for f in fields:
        if not f.is_relation:
            continue
        keys = {getattr(r, f.attname) for r in records} - {None}
        for pk, obj in f.related_model._base_manager.in_bulk(keys).items():
            names[(f.name, pk)] = person_name(obj) if f.related_model is user_model else str(obj)
    return names


def readable_value(f, value) -> str:
    """A stored value of field ``f`` as a person reads it: a choice's label, a file's name, d/m/Y, Có/Không,
    "—" for nothing (the pages here and the admin's history, coordination/history_admin.py)."""
    if value in (None, ""):
        return "—"
    if f.choices:
        return str(choice_labels(f).get(value, value))
    if isinstance(value, FieldFile):
        return value.name.rsplit("/", 1)[-1] or "—"
    return display_value(value)


def _reads(f, record, names, clean) -> str:
    value = getattr(record, f.attname)
    if f.is_relation and value is not None:
        return names.get((f.name, value), str(_("(đã xóa)")))
    if isinstance(value, str) and value and not f.choices:
        return clean(value)
    return readable_value(f, value)


def record_rows(
    model,
    records,
    *,
    clean: Callable[[str], str] = lambda text: text,
    describe: Callable[[object], str] | None = None,
    keep_unchanged: bool = False,
) -> list[HistoryRow]:
    """Rows for ``records`` (history records of ``model``, newest first, of one object or several): each
    edit compared with the record before it of the same object. ``clean`` passes every text value through
    (a letter's redaction); ``describe(record)`` says what was done to what ("Sửa Điều 5"). An edit
    that changed nothing a person may read and gives no reason is left out unless ``keep_unchanged``."""
    fields = shown_fields(model)
    names = _related_names(fields, records)
    previous = {}
    for record in reversed(records):  # oldest first: each record learns the one before it
        record.shown_previous = previous.get(record.id)
        previous[record.id] = record
    rows = []
    for record in records:
        changes = []
        if record.history_type == "~" and record.shown_previous is not None:
            for f in fields:
                old, new = _reads(f, record.shown_previous, names, clean), _reads(f, record, names, clean)
                if old != new:
                    changes.append(FieldChange(capfirst(str(f.verbose_name)), old, new))
        reason = clean(record.history_change_reason or "")
        if record.history_type == "~" and not changes and not reason and not keep_unchanged:
            continue
        what = describe(record) if describe else str(KINDS[record.history_type])
        rows.append(HistoryRow(record.history_date, person_name(record.history_user), what, reason, changes))
    return rows


def history_rows(
    obj, *, clean: Callable[[str], str] = lambda text: text, limit: int = HISTORY_LIMIT
) -> list[HistoryRow]:
    """The object's changes, newest first (see ``record_rows``)."""
    # one record more than shown: the oldest shown is compared with the one before it
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    return record_rows(type(obj), records, clean=clean)[:limit]


def history_page(
    request, obj, *, back_url: str, clean: Callable[[str], str] = lambda text: text, extra_rows=()
):
    """The "Lịch sử" page of an object the view has already let through its door; ``extra_rows``: what
    else was recorded of it (a follow-up's comments), merged in by time, newest first."""
    rows = history_rows(obj, clean=clean)
    if extra_rows:
        rows = sorted([*rows, *extra_rows], key=lambda row: row.when, reverse=True)
    return render(
        request,
        "coordination/history.html",
        {
            "object": obj,
            "rows": rows,
            "back_url": back_url,
            "title": _("Lịch sử: %(o)s") % {"o": obj},
        },
    )
