"""Which rule sets a tracked deadline: the regulation in force, else the law.

Every app asks here (``rule_for(unit=…, code="submission_due", on=…)``) instead of hard-coding
"20 days": a rule an app above registers with ``coordination.providers.register_deadline_override``
wins (regulations: a confirmed Obligation of the unit's regulation in force that carries the code);
otherwise the StatutoryRule row with that code applies.
"""

from datetime import date

from django.utils.translation import gettext as _

from coordination.models import AdministrativeUnit, DeadlineRule, StatutoryRule
from coordination.providers import deadline_override


class UnknownDeadline(LookupError):
    pass


def rule_for(*, unit: AdministrativeUnit, code: str, on: date) -> DeadlineRule:
    override = deadline_override(unit=unit, code=code, on=on)
    if override is not None:
        return override
    try:
        return StatutoryRule.objects.get(code=code)
    except StatutoryRule.DoesNotExist:
        raise UnknownDeadline(_("Không có quy tắc thời hạn với mã %(code)s") % {"code": repr(code)}) from None


def legal_basis_of(code: str) -> str:
    """The law a deadline comes from, as its rule row names it (for a follow-up's "căn cứ")."""
    return StatutoryRule.objects.values_list("legal_basis", flat=True).get(code=code)


def law_names() -> dict[str, str]:
    """code -> the name of the law's rule, as people read it beside an obligation that replaces it."""
    return dict(StatutoryRule.objects.values_list("code", "name"))


def due_date_for(*, unit: AdministrativeUnit, code: str, anchor_date: date, on: date | None = None) -> date:
    """The due date of a tracked deadline counted from its anchor event, with remote-area extensions."""
    rule = rule_for(unit=unit, code=code, on=on or anchor_date)
    return rule.due_date(anchor_date, remote=unit.is_remote)
