"""Email digests and the per-user notification settings (digest schedule, calendar feed token)."""

from datetime import date, timedelta
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import IntegerField, Value
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.formats import date_format

from coordination.mail import FragmentBatch, render_mail, slot
from coordination.models import Membership, NotificationPreference, OutboxMessage, Person, Role
from coordination.urlcache import path_of

from .outbox import outbox_enqueue_many


def digest_period_key(*, frequency: str, day: date) -> str:
    if frequency == NotificationPreference.Frequency.DAILY:
        return day.isoformat()
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


DIGEST_CATCH_UP = timedelta(hours=12)


def digest_owed_day(*, frequency: str, weekday: int, hour: int, now) -> date | None:
    """The day whose period's digest the beat owes a user now, or None.

    The user's hour today (daily) or weekday and hour this ISO week (weekly) has passed: this period's. Not
    yet, but the previous period's instant passed less than ``DIGEST_CATCH_UP`` ago: the previous period's, so
    a digest whose hour passed while the beat or the workers were down is sent when they come back, once, for
    its period.
    """
    from datetime import datetime, time

    today = now.date()
    base = (
        today
        if frequency == NotificationPreference.Frequency.DAILY
        else today - timedelta(days=today.weekday() - weekday)
    )
    instant = datetime.combine(base, time(hour), tzinfo=now.tzinfo)
    if instant <= now:
        return base
    step = timedelta(days=1 if frequency == NotificationPreference.Frequency.DAILY else 7)
    if now - (instant - step) <= DIGEST_CATCH_UP:
        return base - step
    return None


class DigestLine(NamedTuple):
    html: str
    text: str


class _DigestLines:
    """A follow-up's line in the digests of one run, the same in every digest that lists it: made once per
    follow-up, from templates rendered once per run (``coordination.mail.FragmentBatch``), its link
    formatted from one ``reverse()``."""

    def __init__(self, *, today: date):
        self.today, self.made = today, {}
        self.html = FragmentBatch("emails/coordination_digest-item.html", html=True)
        self.text = FragmentBatch("emails/coordination_digest-item.txt", html=False)
        self.detail_path = path_of("followups:detail")
        slots = {name: slot(name) for name in ("url", "title", "body", "due")}
        self.context = {"site_url": settings.SITE_URL, **slots}

    def line(self, followup) -> DigestLine:
        key = (translation.get_language(), followup.pk)
        if (made := self.made.get(key)) is None:
            overdue = followup.due_on < self.today
            context = {**self.context, "overdue": overdue}
            values = {
                "url": self.detail_path(followup.pk),
                "title": followup.title,
                "body": str(followup.lead_body),
                "due": date_format(followup.due_on, "d/m/Y"),
            }
            made = self.made[key] = DigestLine(
                html=self.html.render(shape=(overdue,), context=context, values=values),
                text=self.text.render(shape=(overdue,), context=context, values=values),
            )
        return made

    def groups(self, groups: list[tuple[str, list]]) -> list[tuple[str, list[DigestLine]]]:
        return [(label, [self.line(f) for f in items]) for label, items in groups]


def digests_send(*, frequency: str, now=None, only_due: bool = False) -> int:
    """Queue the digest of every user on ``frequency`` for the current period; returns digests queued.

    ``only_due`` (the beat) keeps to each user's chosen weekday and hour, catching up one whose time passed
    while nothing ran (``digest_owed_day``); the management command sends for the current period at once.
    The key (user, period) makes a second run a no-op.
    """
    from coordination.permissions import prime_access
    from coordination.queries import digest_items
    from coordination.tokens import preferences_token

    now = timezone.localtime(now or timezone.now())
    today = now.date()
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .annotate(
            freq=Coalesce(
                "notification_preference__digest_frequency", Value(NotificationPreference.Frequency.WEEKLY)
            ),
            weekday=Coalesce(
                "notification_preference__digest_weekday", Value(0), output_field=IntegerField()
            ),
            hour=Coalesce("notification_preference__digest_hour", Value(7), output_field=IntegerField()),
        )
        .filter(freq=frequency)
        .filter(pk__in=Membership.objects.filter(role__in=[Role.STAFF, Role.LEADER]).values("user_id"))
        .order_by("pk")
    )
    period_of: dict[int, str] = {}
    for user in users:
        day = (
            digest_owed_day(frequency=frequency, weekday=user.weekday, hour=user.hour, now=now)
            if only_due
            else today
        )
        if day is not None:
            user.digest_period = period_of[user.pk] = digest_period_key(frequency=frequency, day=day)
    users = [u for u in users if u.pk in period_of]
    done = set(
        OutboxMessage.objects.filter(kind=OutboxMessage.Kind.DIGEST,
                                     key__in=[f"digest:{u.pk}:{period_of[u.pk]}" for u in users])
        .values_list("key", flat=True)
    )
    users = [u for u in users if f"digest:{u.pk}:{period_of[u.pk]}" not in done]
    bodies: dict[int, list[int]] = {}
    for user_id, body_id in Membership.objects.filter(
        user__in=users, role__in=[Role.STAFF, Role.LEADER]
    ).values_list("user_id", "body_id"):
        bodies.setdefault(user_id, []).append(body_id)
    people = dict(Person.objects.filter(user__in=users).values_list("user_id", "pk"))
    prime_access(users)  # what each may see, for the digest's door, in one query
    week_end = (
        today + timedelta(days=6 - today.weekday())
        if frequency == NotificationPreference.Frequency.WEEKLY
        else today + timedelta(days=7)
    )
    messages, lines = [], _DigestLines(today=today)
    for user in users:
        items = digest_items(
            person_id=people.get(user.pk),
            body_ids=bodies.get(user.pk, []),
            today=today,
            until=week_end,
            user=user,
        )
        if not items["count"]:
            continue  # nothing owed: nothing sent
        context = {
            **items,
            "overdue_groups": lines.groups(items["overdue_groups"]),
            "upcoming_groups": lines.groups(items["upcoming_groups"]),
            "user": user,
            "today": today,
            "until": week_end,
            "site_url": settings.SITE_URL,
            "frequency": frequency,
            "preferences_url": settings.SITE_URL + preferences_token(user=user),
        }
        messages.append(
            {
                "key": f"digest:{user.pk}:{period_of[user.pk]}",
                "kind": OutboxMessage.Kind.DIGEST,
                "recipient": user,
                "to_email": user.email,
                **render_mail("coordination_digest", context).as_outbox_fields(),
            }
        )
    with transaction.atomic():
        return outbox_enqueue_many(messages=messages)


def notification_preference_save(
    *, user, digest_frequency: str, digest_weekday: int, digest_hour: int
) -> NotificationPreference:
    pref, _ = NotificationPreference.objects.get_or_create(user=user)
    pref.digest_frequency, pref.digest_weekday, pref.digest_hour = (
        digest_frequency,
        digest_weekday,
        digest_hour,
    )
    pref.save(update_fields=["digest_frequency", "digest_weekday", "digest_hour"])
    return pref


def feed_token_rotate(*, user) -> str:
    """A new secret for the user's calendar feed; the old URL stops working at once."""
    import secrets

    pref, _ = NotificationPreference.objects.get_or_create(user=user)
    pref.feed_token = secrets.token_urlsafe(32)
    pref.save(update_fields=["feed_token"])
    return pref.feed_token
