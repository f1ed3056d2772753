"""The dashboard's follow-up figures, cached per unit and filter for DASHBOARD_CACHE_SECONDS (counts per body,
trend, overdue and upcoming lists: the aggregates over the follow-up table that cost seconds at 500,000 rows).

A key names the unit, the period, the body and area filters, the day, the unit's version and what the viewer
may see of restricted subjects (a letter of another body), so two leaders who see the same follow-ups share an
entry and one who sees fewer never reads the other's. Saving or deleting a follow-up gives its unit a new
version (at once and again on commit, so a reader between the two cannot keep the old figures); a change
made with a queryset ``update()`` calls ``followups_changed``, and so does a leader's reminder
(``followup_nudge``), which the overdue list shows. The app figures (petitions, letters…, narrowed by the same
body and area) are not cached in ``dashboard_data``.

A viewer's rendered section is keyed by their memberships instead of the ids they may see (one query less on
every visit): the subject doors (``register_subject_visibility``) answer from the user's memberships and the
subject's own row, and saving or deleting a restricted subject gives the units of its follow-ups a new
version too.
"""

import hashlib
import logging
import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)


def _version_key(unit_id: int) -> str:
    return f"phoihop:dashboard:version:{unit_id}"


def followups_changed(*, unit_ids) -> None:
    """Drop the cached dashboard figures of these units, now and once the current transaction commits."""
    unit_ids = {u for u in unit_ids if u is not None}
    if not unit_ids or settings.DASHBOARD_CACHE_SECONDS <= 0:
        return

    def bump():
        try:
            cache.set_many({_version_key(u): uuid.uuid4().hex for u in unit_ids}, None)
        except Exception:  # the cache (Redis) is down: entries expire after DASHBOARD_CACHE_SECONDS anyway
            logger.warning("Could not drop the cached dashboard of units %s", sorted(unit_ids), exc_info=True)

    bump()
    transaction.on_commit(bump, robust=True)


def followup_saved(sender, instance, **kwargs) -> None:
    followups_changed(unit_ids={instance.unit_id})


def restricted_subject_saved(sender, instance, **kwargs) -> None:
    """A letter forwarded to another body changes who sees its follow-ups: their units get a new version."""
    from coordination.models import FollowUp

    subject_type = ContentType.objects.get_for_model(sender)
    followups_changed(
        unit_ids=set(
            FollowUp.objects.filter(subject_type=subject_type, subject_id=instance.pk).values_list(
                "unit_id", flat=True
            )
        )
    )


def watch_restricted_subject(model) -> None:
    from django.db.models.signals import post_delete, post_save

    uid = f"phoihop-dashboard-subject-{model._meta.label_lower}"
    post_save.connect(restricted_subject_saved, sender=model, dispatch_uid=f"{uid}-saved")
    post_delete.connect(restricted_subject_saved, sender=model, dispatch_uid=f"{uid}-deleted")


def unit_saved(sender, instance, created=False, **kwargs) -> None:
    if created:  # a new unit never reads what an earlier one with the same id left behind
        followups_changed(unit_ids={instance.pk})


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save

    from coordination.models import AdministrativeUnit, FollowUp

    post_save.connect(followup_saved, sender=FollowUp, dispatch_uid="phoihop-dashboard-followup-saved")
    post_delete.connect(followup_saved, sender=FollowUp, dispatch_uid="phoihop-dashboard-followup-deleted")
    post_save.connect(unit_saved, sender=AdministrativeUnit, dispatch_uid="phoihop-dashboard-unit-saved")


def _memberships(user) -> str:
    """The viewer's superuser flag, bodies and roles (read once per request by ``access_for``) as a digest."""
    from coordination.permissions import access_for

    access = access_for(user)
    text = f"{access.is_superuser}:{sorted(access.roles_by_body.items())}"
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def _visibility(unit_id: int, user) -> str:
    """What ``user`` sees of the unit's restricted follow-ups, as a short digest of their ids."""
    from coordination.models import FollowUp
    from coordination.permissions import subjects_visible_q
    from coordination.providers import SUBJECT_VISIBILITY

    if not SUBJECT_VISIBILITY:
        return "all"
    restricted = [ContentType.objects.get_for_model(model).pk for model in SUBJECT_VISIBILITY]
    ids = (
        FollowUp.objects.filter(unit_id=unit_id, subject_type_id__in=restricted)
        .filter(subjects_visible_q(user))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return hashlib.blake2b(",".join(map(str, ids)).encode(), digest_size=12).hexdigest()


def _unit_version(unit_id: int) -> str | None:
    """The unit's current version (created on first use); None when the cache cannot be reached."""
    try:
        version = cache.get(_version_key(unit_id))
        if version is None:
            cache.add(_version_key(unit_id), uuid.uuid4().hex, None)
            version = cache.get(_version_key(unit_id))
        return version
    except Exception:
        logger.warning("Dashboard cache unavailable; computing the figures", exc_info=True)
        return None


def _cached(key: str | None, compute):
    """``compute()`` through the cache under ``key`` (None: no cache); a cache that fails only costs the
    computation."""
    if key is None:
        return compute()
    try:
        value = cache.get(key)
    except Exception:
        logger.warning("Dashboard cache unavailable; computing the figures", exc_info=True)
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, settings.DASHBOARD_CACHE_SECONDS)
        except Exception:
            logger.warning("Could not cache the dashboard figures", exc_info=True)
    return value


def _filters(*, unit, version, start, end, today, body, area) -> str:
    return f"{unit.pk}:{version}:{start}:{end}:{today}:{body.pk if body else '-'}:{area.pk if area else '-'}"


def dashboard_data(*, unit, start, end, today, body=None, area=None, user) -> dict:
    """``queries.implementation_data`` for one unit as ``user`` sees it, its follow-up part from the cache
    when fresh."""
    from coordination.providers import collect_figures
    from coordination.queries import implementation_data

    arguments = {
        "unit_ids": {unit.pk},
        "start": start,
        "end": end,
        "today": today,
        "body_ids": [body.pk] if body else None,
        "area_ids": [area.pk] if area else None,
        "user": user,
    }
    if settings.DASHBOARD_CACHE_SECONDS <= 0:
        return implementation_data(**arguments)
    version = _unit_version(unit.pk)
    key = None
    if version is not None:
        filters = _filters(
            unit=unit, version=version, start=start, end=end, today=today, body=body, area=area
        )
        key = f"phoihop:dashboard:{filters}:{_visibility(unit.pk, user)}"
    data = _cached(key, lambda: implementation_data(**arguments, figures=False))
    figures = collect_figures(
        unit_ids={unit.pk},
        start=start,
        end=end,
        body_ids=arguments["body_ids"],
        area_ids=arguments["area_ids"],
        user=user,
    )
    return {**data, "figures": figures}


def _list_links(*, period, body, area) -> dict:
    """Where the tiles lead: the follow-up list (its tab added by the tile) over the dashboard's period, body
    and area, so a tile's count is the list's."""
    from django.urls import reverse
    from django.utils.http import urlencode

    days = {"due_from": f"{period.start:%d/%m/%Y}", "due_to": f"{period.end:%d/%m/%Y}"}
    if area is not None:
        days["area"] = area.pk
    by_body = {"lead_body": body.pk} if body is not None else {}
    return {
        "followup_list_url": reverse("followups:list") + "?",
        "list_query": "&" + urlencode({**by_body, **days}),
        "list_query_without_body": "&" + urlencode(days),
    }


def dashboard_html(*, request, unit, period, today, body=None, area=None) -> str:
    """The dashboard's figures section (counts, charts, lists, the apps' figures) as ``request.user`` sees it,
    rendered once per DASHBOARD_CACHE_SECONDS for each viewer, filter and language, and again as soon as a
    follow-up of the unit changes; on a miss the follow-up figures come from ``dashboard_data``'s shared
    entry."""
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe
    from django.utils.translation import get_language

    from coordination.charts import implementation_charts
    from coordination.permissions import can_nudge_followups

    def render() -> str:
        data = dashboard_data(
            unit=unit,
            start=period.start,
            end=period.end,
            today=today,
            body=body,
            area=area,
            user=request.user,
        )
        return str(
            render_to_string(
                "coordination/_dashboard_figures.html",
                {
                    **data,
                    **implementation_charts(data),
                    **_list_links(period=period, body=body, area=area),
                    "owed": data["totals"]["open"] + data["totals"]["overdue"],
                    "can_nudge": can_nudge_followups(request.user, unit.pk),
                    "unit": unit,
                    "period": period,
                    "today": today,
                },
                request=request,
            )
        )

    version = _unit_version(unit.pk) if settings.DASHBOARD_CACHE_SECONDS > 0 else None
    key = None
    if version is not None:
        filters = _filters(
            unit=unit, version=version, start=period.start, end=period.end, today=today, body=body, area=area
        )
        # The memberships are part of the key: a body left or a role taken back shows at once.
        key = (f"phoihop:dashboard-html:{request.user.pk}:{filters}:"
               f"{_memberships(request.user)}:{get_language()}")
    return mark_safe(_cached(key, render))  # our own template, rendered by us
