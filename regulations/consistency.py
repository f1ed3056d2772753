"""Consistency of a regulation with the one of the level above (commune vs province).

Two findings: coordination areas the upper regulation covers and the lower one does not, and
obligations restating the same statutory deadline (same ``deadline_code``) with a different rule
(say "20 ngày" above, "15 ngày" below), which would give the two levels different dates.
"""

from dataclasses import dataclass, field

from django.utils import timezone

from coordination.deadline_rules import law_names
from coordination.models import CoordinationArea
from regulations.models import Obligation, Regulation
from regulations.queries import regulation_in_force

RULE_FIELDS = (
    "rule_kind",
    "anchor",
    "direction",
    "amount",
    "day_unit",
    "day_of_month",
    "month",
    "every_months",
)


@dataclass
class DeadlineConflict:
    code: str
    upper: Obligation
    lower: Obligation
    label: str = (
        ""  # the statutory rule's name ("UBND gửi tờ trình, dự thảo nghị quyết để thẩm tra"), not its code
    )


@dataclass
class ConsistencyReport:
    parent: Regulation | None
    missing_areas: list[CoordinationArea] = field(default_factory=list)
    conflicts: list[DeadlineConflict] = field(default_factory=list)

    @property
    def is_consistent(self) -> bool:
        return self.parent is not None and not self.missing_areas and not self.conflicts


def _areas(regulation: Regulation) -> set[int]:
    return set(regulation.articles.values_list("areas", flat=True).exclude(areas__isnull=True))


def _coded_obligations(regulation: Regulation) -> dict[str, Obligation]:
    obligations = regulation.obligations.exclude(status=Obligation.Status.REJECTED).exclude(deadline_code="")
    return {
        o.deadline_code: o
        for o in obligations.select_related("article", "clause", "regulation").order_by("-id")
    }


def regulation_consistency(*, regulation: Regulation) -> ConsistencyReport:
    parent_unit = regulation.unit.parent
    day = regulation.effective_from or timezone.localdate()
    parent = regulation_in_force(unit=parent_unit, on=day) if parent_unit else None
    report = ConsistencyReport(parent=parent)
    if parent is None:
        return report
    missing = _areas(parent) - _areas(regulation)
    report.missing_areas = list(CoordinationArea.objects.filter(pk__in=missing))
    lower = _coded_obligations(regulation)
    names = law_names()
    for code, upper in sorted(_coded_obligations(parent).items()):
        mine = lower.get(code)
        if mine is not None and any(getattr(mine, f) != getattr(upper, f) for f in RULE_FIELDS):
            report.conflicts.append(DeadlineConflict(code, upper, mine, label=names.get(code, upper.action)))
    return report
