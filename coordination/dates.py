"""What happened cannot be in the future; what follows cannot come first (DOMAIN.md §4a).

One set of date rules for every app. A model lists the dates that record a fact (sent, received,
adopted, answered, replied, verified, signed, held, completed…) in ``FACT_DATES`` and calls
``check_dates`` from its ``clean()`` with the order its dates follow::

    class Question(models.Model):
        FACT_DATES = ("received_on", "answered_on")

        def clean(self):
            check_dates(self, order=[NotBefore("answered_on", self.received_on, _("ngày nhận chất vấn"))])

Planned dates (a planned opening, a scheduled meeting, a reception day, a deadline) are simply not
listed and may lie ahead. The admin (``full_clean``), the model forms and the services (which call
``clean()`` before saving) therefore refuse the same things with the same words, and a view shows the
error on the field it names. A date that is not stored on a row (the day a letter is accepted) is
checked with ``refuse_future`` / ``refuse_before``, the same rules and messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


def _day(value: date | datetime | None) -> date | None:
    """A stored date, or the local day of a stored instant (``completed_at``)."""
    if isinstance(value, datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def _show(day: date) -> str:
    return f"{day:%d/%m/%Y}"


@dataclass(frozen=True)
class NotBefore:
    """``field`` may not come before ``bound`` (an answer before the question, a reply before the visit)."""

    field: str
    bound: date | datetime | None
    bound_label: str


@dataclass(frozen=True)
class NotAfter:
    """``field`` may not come after ``bound`` (a notice sent after the meeting it announces)."""

    field: str
    bound: date | datetime | None
    bound_label: str


def future_message(day: date, *, label: str, today: date | None = None) -> str | None:
    """"Ngày gửi 05/01/2027 sau ngày hôm nay 01/12/2026: …", or None when ``day`` is not after today."""
    today = today or timezone.localdate()
    day = _day(day)
    if day is None or day <= today:
        return None
    return _("%(field)s %(day)s sau ngày hôm nay %(today)s: không thể ghi nhận việc chưa xảy ra.") % {
        "field": capfirst(label), "day": _show(day), "today": _show(today)}


def order_message(day, rule: NotBefore | NotAfter, *, label: str) -> str | None:
    """The words for a date on the wrong side of its bound, or None when it is in order (or either is
    missing)."""
    day, bound = _day(day), _day(rule.bound)
    if day is None or bound is None:
        return None
    if isinstance(rule, NotBefore) and day < bound:
        text = _("%(field)s (%(day)s) không được trước %(bound)s (%(bound_day)s).")
    elif isinstance(rule, NotAfter) and day > bound:
        text = _("%(field)s (%(day)s) không được sau %(bound)s (%(bound_day)s).")
    else:
        return None
    return text % {
        "field": capfirst(label),
        "day": _show(day),
        "bound": rule.bound_label,
        "bound_day": _show(bound),
    }


def field_label(instance: models.Model, name: str) -> str:
    return str(instance._meta.get_field(name).verbose_name)


def date_errors(instance: models.Model, *, facts=None, order=(), today: date | None = None) -> dict[str, str]:
    """Each offending field with the first thing wrong with it: a fact in the future, then the order.

    ``facts`` defaults to the model's ``FACT_DATES``; a missing date passes (it is simply not recorded yet).
    """
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    for name in getattr(type(instance), "FACT_DATES", ()) if facts is None else facts:
        message = future_message(getattr(instance, name), label=field_label(instance, name), today=today)
        if message:
            errors[name] = message
    for rule in order:
        if rule.field in errors:
            continue
        message = order_message(getattr(instance, rule.field), rule, label=field_label(instance, rule.field))
        if message:
            errors[rule.field] = message
    return errors


def check_dates(instance: models.Model, *, facts=None, order=(), extra: dict | None = None) -> None:
    """Raise one ValidationError naming every offending field (``extra``: the model's other errors)."""
    errors = {**(extra or {}), **date_errors(instance, facts=facts, order=order)}
    if errors:
        raise ValidationError(errors)


def refuse_future(day: date | None, *, field: str, label: str) -> None:
    """The fact rule for a date a service receives but does not store as such (the day a letter is closed)."""
    message = future_message(day, label=label) if day else None
    if message:
        raise ValidationError({field: message})


def refuse_before(day: date | None, bound: date | None, *, field: str, label: str, bound_label: str) -> None:
    """The order rule for such a date: not before ``bound`` (a letter is not accepted before it is
    received)."""
    message = order_message(day, NotBefore(field, bound, bound_label), label=label)
    if message:
        raise ValidationError({field: message})
