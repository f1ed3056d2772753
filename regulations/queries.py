"""Read-side queries on regulations, reused by other apps (deadline rules, coordination plans)."""

from datetime import date

from django.db.models import Count, Q, QuerySet

from regulations.models import Obligation, Regulation


def regulation_in_force(*, unit, on: date) -> Regulation | None:
    """The regulation of ``unit`` that governed ``on``: enacted, and ``on`` inside its effective period.

    An amending act is not the regulation. Only one regulation per set of parties and term is in force
    at a time (services.regulation_transition_plan); when regulations of different parties overlap, the
    one binding the most parties governs.
    """
    return (
        Regulation.objects.filter(unit=unit, status__in=Regulation.ENACTED_STATUSES, effective_from__lte=on)
        .exclude(kind=Regulation.Kind.AMENDMENT)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .annotate(party_count=Count("parties"))
        .order_by("-party_count", "-effective_from", "-id")
        .first()
    )


def confirmed_obligations(*, regulation: Regulation) -> QuerySet[Obligation]:
    return (
        Obligation.objects.filter(regulation=regulation, status=Obligation.Status.CONFIRMED)
        .select_related("lead_body", "article", "clause", "area", "regulation")
        .prefetch_related("cooperating_bodies")
        .order_by("article__order", "clause__order", "id")
    )


def obligation_rule_for(*, unit, code: str, on: date) -> Obligation | None:
    """The confirmed obligation carrying ``code`` in the regulation of ``unit`` in force on ``on``, or
    None."""
    regulation = regulation_in_force(unit=unit, on=on)
    if regulation is None or not code:
        return None
    return (
        Obligation.objects.filter(
            regulation=regulation, status=Obligation.Status.CONFIRMED, deadline_code=code
        )
        .select_related("article", "clause", "regulation")
        .order_by("article__order", "clause__order", "id")
        .first()
    )
