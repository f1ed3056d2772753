"""What other apps contribute to the dashboard, the implementation report and the calendar feed.

Each app may have a ``providers.py`` (autodiscovered at start-up, like ``reports.py``) with:

    @register_figures
    def figures(*, unit_ids: set[int], start: date, end: date, body_ids=None, area_ids=None,
                user=None) -> list[Figure]: ...

    @register_calendar_events
    def events(*, user, start: date, end: date) -> list[CalendarEvent]: ...

    @register_plan_events
    def plan_events(*, unit, year: int) -> Iterable[PlanEvent]: ...

    @register_subject_visibility(Letter)
    def visible(user) -> QuerySet: ...   # the subjects of that model ``user`` may see (the app's door)

and, for apps above coordination that change what coordination does (hooks, below the registries):

    @register_deadline_override
    def rule(*, unit, code: str, on: date) -> DeadlineRule | None: ...   # regulations: its obligation wins

    @register_event_listener
    def scheduled(*, unit, anchor: str, anchor_date: date, subject) -> None: ...   # plans: the event's tasks

    @register_event_move_preview
    def moves(*, unit, anchor: str, anchor_date: date, subject) -> Iterable[tuple[Model, date]]: ...

    @register_followup_page(PlanTask)
    def page(*, followup, user) -> dict: ...   # what the follow-up page of that subject adds

    @register_followup_completion(PlanTask)
    def complete(*, followup, outcome: str, evidence, by) -> bool: ...   # completes it the subject's way

Figures are counts over the units the viewer may see, narrowed to the dashboard's bodies and areas
(``body_ids``, ``area_ids``; None: all) where the figure has such a body or area: each figure says which
filters it follows (``Figure.narrows``), and one that cannot follow a filter in use is labelled so
(``Figure.note``) rather than passing the unit's total for the body's. Events are what the user may see.
A figure whose source app has not landed is simply absent, never faked. Plan events are the events of ``unit``
already scheduled in ``year`` (a session's opening, a round's end…): a plan created after them still
gets their tasks. A follow-up is seen by the members of its unit; an app whose subjects are seen by fewer
(a letter: only the members of its handling body) registers its door, and whoever may not see the subject
then sees none of its follow-ups: list, detail, search, dashboard, calendar feed, digests, reminders, exports
(``coordination.permissions.visible_followups``). coordination never imports the app to ask.

The hooks invert the reads that would otherwise point up (README, "Architecture"): ``deadline_rules.rule_for``
asks ``deadline_override`` before the law; sessions and voters announce ``event_scheduled`` (also when an
event moves) and ask ``event_move_preview`` what a move would re-date, without knowing that plans listen;
the follow-up page and its "completed" form ask the subject's app through ``followup_page_context`` and
``followup_complete_by_subject``.
"""

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from django.db import models
from django.utils.translation import gettext

from coordination.dashboard_cache import watch_restricted_subject
from coordination.models import GeneratedReport


@dataclass(frozen=True)
class Figure:
    key: str  # stable identifier, e.g. "sessions_held"
    label: str  # Vietnamese label shown on the dashboard and in the report
    value: int | float | str
    breakdown: list[tuple[str, int]] = field(default_factory=list)  # (label, count) pairs for a bar chart
    url: str = ""  # drill-down page
    group: str = ""  # section heading, e.g. "Kỳ họp", "Cử tri"
    narrows: frozenset[str] = frozenset()  # the filters the provider applied: BY_BODY, BY_AREA
    note: str = ""  # set by collect_figures: the filters in use this figure does not follow


BY_BODY, BY_AREA = "body", "area"


@dataclass(frozen=True)
class CalendarEvent:
    uid: str  # stable across feeds, e.g. "session-12@phoihop"
    title: str
    start: date | datetime
    end: date | datetime | None = None  # for an all-day event its last day (inclusive); none: one day
    location: str = ""
    description: str = ""
    url: str = ""  # a page path ("/sessions/3/") or an absolute URL; the feed prefixes SITE_URL to a path
    # A deadline: what the calendar's reminder says the day before (none for a meeting or a session).
    alarm: str = ""


@dataclass(frozen=True)
class PlanEvent:
    anchor: str  # a DeadlineAnchor value, as passed to event_scheduled
    anchor_date: date
    subject: models.Model


FIGURE_PROVIDERS: list[Callable[..., list[Figure]]] = []
CALENDAR_EVENT_PROVIDERS: list[Callable[..., list[CalendarEvent]]] = []
PLAN_EVENT_PROVIDERS: list[Callable[..., Iterable[PlanEvent]]] = []
SUBJECT_VISIBILITY: dict[type[models.Model], Callable[..., models.QuerySet]] = {}
DEADLINE_OVERRIDES: list[Callable[..., object]] = []
EVENT_LISTENERS: list[Callable[..., object]] = []
EVENT_MOVE_PREVIEWS: list[Callable[..., Iterable[tuple[models.Model, date]]]] = []
FOLLOWUP_PAGES: dict[type[models.Model], Callable[..., dict]] = {}
FOLLOWUP_COMPLETIONS: dict[type[models.Model], Callable[..., bool]] = {}
# Subjects whose app re-assigns and extends their follow-ups itself, on the part of the page it adds.
FOLLOWUP_OWN_CHANGES: set[type[models.Model]] = set()


def register_figures(provider):
    FIGURE_PROVIDERS.append(provider)
    return provider


def register_calendar_events(provider):
    CALENDAR_EVENT_PROVIDERS.append(provider)
    return provider


def register_plan_events(provider):
    PLAN_EVENT_PROVIDERS.append(provider)
    return provider


def register_subject_visibility(model: type[models.Model]):
    """``visible(user)``: the subjects of ``model`` whose follow-ups ``user`` may see, decided from the user's
    memberships and the subjects' own rows only (the dashboard's cache is dropped when either changes)."""
    def decorator(visible):
        SUBJECT_VISIBILITY[model] = visible
        watch_restricted_subject(model)
        return visible

    return decorator


def collect_figures(
    *, unit_ids: set[int], start: date, end: date, body_ids=None, area_ids=None, user=None
) -> list[Figure]:
    """``user``: the person the figures are shown to; a provider taking ``user`` counts only what they may
    see. ``body_ids``/``area_ids``: the dashboard's filters, which every provider receives; a figure that does
    not follow one in use gets a ``note`` saying so."""
    figures = []
    for provider in FIGURE_PROVIDERS:
        viewer = (
            {"user": user} if user is not None and "user" in inspect.signature(provider).parameters else {}
        )
        figures += provider(
            unit_ids=unit_ids, start=start, end=end, body_ids=body_ids, area_ids=area_ids, **viewer
        )
    return [_noted(figure, body_ids=body_ids, area_ids=area_ids) for figure in figures]


def _noted(figure: Figure, *, body_ids, area_ids) -> Figure:
    notes = []
    if body_ids and BY_BODY not in figure.narrows:
        notes.append(gettext("(không lọc theo cơ quan)"))
    if area_ids and BY_AREA not in figure.narrows:
        notes.append(gettext("(không lọc theo lĩnh vực)"))
    return replace(figure, note=" ".join(notes)) if notes else figure


def collect_calendar_events(*, user, start: date, end: date) -> list[CalendarEvent]:
    return [
        event for provider in CALENDAR_EVENT_PROVIDERS for event in provider(user=user, start=start, end=end)
    ]


def collect_plan_events(*, unit, year: int) -> list[PlanEvent]:
    return [event for provider in PLAN_EVENT_PROVIDERS for event in provider(unit=unit, year=year)]


# --- Hooks ---------------------------------------------------------------------------------------


def register_deadline_override(provider):
    DEADLINE_OVERRIDES.append(provider)
    return provider


def deadline_override(*, unit, code: str, on: date):
    """The rule an app above sets for ``code`` in ``unit`` on ``on`` (a ``DeadlineRule``), or None: the law
    applies."""
    for provider in DEADLINE_OVERRIDES:
        rule = provider(unit=unit, code=code, on=on)
        if rule is not None:
            return rule
    return None


def register_event_listener(listener):
    EVENT_LISTENERS.append(listener)
    return listener


def event_scheduled(*, unit, anchor: str, anchor_date: date, subject: models.Model) -> None:
    """An event of ``unit`` (a session's opening, a round's end…) is scheduled on ``anchor_date``, or moved
    there: the listeners (the year's coordination plan) create or re-date what counts from it. Idempotent."""
    for listener in EVENT_LISTENERS:
        listener(unit=unit, anchor=anchor, anchor_date=anchor_date, subject=subject)


def register_event_move_preview(provider):
    EVENT_MOVE_PREVIEWS.append(provider)
    return provider


def event_move_preview(
    *, unit, anchor: str, anchor_date: date, subject: models.Model
) -> list[tuple[models.Model, date]]:
    """What moving the event to ``anchor_date`` would re-date, before the move is confirmed: (row, new due
    date) pairs, each row carrying its open ``followup`` and a ``due_on`` that mirrors it."""
    return [move for provider in EVENT_MOVE_PREVIEWS
            for move in provider(unit=unit, anchor=anchor, anchor_date=anchor_date, subject=subject)]


def register_followup_page(model: type[models.Model]):
    def decorator(provider):
        FOLLOWUP_PAGES[model] = provider
        return provider

    return decorator


def register_followup_completion(model: type[models.Model]):
    def decorator(complete):
        FOLLOWUP_COMPLETIONS[model] = complete
        return complete

    return decorator


def register_followup_changes(model: type[models.Model]) -> None:
    """The follow-ups of ``model`` are re-assigned and extended by its app (a plan task records each change
    as the task's, with the leader who approved an extension): the follow-up page then leaves its own
    "Giao lại" and "Gia hạn" forms to the app's."""
    FOLLOWUP_OWN_CHANGES.add(model)


def followup_changed_by_subject(followup) -> bool:
    """Whether the app of the follow-up's subject re-assigns and extends it
    (``register_followup_changes``)."""
    return _subject_model(followup) in FOLLOWUP_OWN_CHANGES


def _subject_model(followup):
    from django.contrib.contenttypes.models import ContentType

    return (
        ContentType.objects.get_for_id(followup.subject_type_id).model_class()
        if followup.subject_type_id
        else None
    )


def followup_page_context(*, followup, user) -> dict:
    """What the app of the follow-up's subject adds to its page (a plan task: its plan, schedule, changes,
    forms)."""
    provider = FOLLOWUP_PAGES.get(_subject_model(followup))
    return provider(followup=followup, user=user) if provider else {}


def followup_complete_by_subject(*, followup, outcome: str, evidence, by) -> bool:
    """Complete ``followup`` the way its subject's app records it; False when that app has no way of its
    own."""
    complete = FOLLOWUP_COMPLETIONS.get(_subject_model(followup))
    return bool(complete and complete(followup=followup, outcome=outcome, evidence=evidence, by=by))


def _register_signed_uploads():
    # The evidence attached to a completed follow-up may come back signed: its signatures are checked.
    from coordination.models import FollowUp
    from coordination.signature_checks import register_signed_upload

    register_signed_upload(FollowUp, "evidence")


_register_signed_uploads()


@register_subject_visibility(GeneratedReport)
def reports_seen_by(user):
    """A document's signing follow-ups are seen by those who may open the document, not the whole unit."""
    from coordination.permissions import visible_reports

    return visible_reports(user)
