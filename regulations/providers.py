from django.urls import reverse
from django.utils.translation import gettext as _

from coordination.providers import BY_AREA, BY_BODY, Figure, register_deadline_override, register_figures
from coordination.signature_checks import register_signed_upload
from regulations.models import Obligation, Party, Regulation
from regulations.queries import obligation_rule_for


@register_figures
def figures(*, unit_ids: set[int], start, end, body_ids=None, area_ids=None) -> list[Figure]:
    """``body_ids``: the regulations those bodies are party to, the obligations they lead; ``area_ids``: the
    obligations of those areas (a regulation as a whole has none)."""
    in_force = Regulation.objects.filter(unit_id__in=unit_ids, status=Regulation.Status.IN_FORCE)
    confirmed = Obligation.objects.filter(regulation__in=in_force, status=Obligation.Status.CONFIRMED)
    if body_ids:
        in_force = in_force.filter(pk__in=Party.objects.filter(body_id__in=body_ids).values("regulation_id"))
        confirmed = confirmed.filter(lead_body_id__in=body_ids)
    if area_ids:
        confirmed = confirmed.filter(area_id__in=area_ids)
    url = reverse("regulations:list")
    return [
        Figure(
            key="regulations_in_force",
            label=_("Quy chế phối hợp đang có hiệu lực"),
            value=in_force.count(),
            url=f"{url}?status=in_force",
            group=_("Quy chế phối hợp"),
            narrows=frozenset({BY_BODY}),
        ),
        Figure(
            key="regulation_obligations_confirmed",
            label=_("Nghĩa vụ phối hợp đã xác nhận"),
            value=confirmed.count(),
            url=url,
            group=_("Quy chế phối hợp"),
            narrows=frozenset({BY_BODY, BY_AREA}),
        ),
    ]


# A confirmed obligation of the unit's regulation in force that carries a deadline code sets that deadline,
# not the law (coordination.deadline_rules.rule_for asks here first).
register_deadline_override(obligation_rule_for)

# The signed copy of a regulation comes back as a PDF: its digital signatures are checked
# (coordination.signing).
register_signed_upload(Regulation, "scanned_copy")
