from django.urls import reverse
from django.utils.translation import gettext as _

from coordination.providers import Figure, register_deadline_override, register_figures
from coordination.signature_checks import register_signed_upload
from regulations.models import Obligation, Regulation
from regulations.queries import obligation_rule_for


@register_figures
def figures(*, unit_ids: set[int], start, end) -> list[Figure]:
    in_force = Regulation.objects.filter(unit_id__in=unit_ids, status=Regulation.Status.IN_FORCE)
    confirmed = Obligation.objects.filter(regulation__in=in_force, status=Obligation.Status.CONFIRMED)
    url = reverse("regulations:list")
    return [
        Figure(
            key="regulations_in_force",
            label=_("Quy chế phối hợp đang có hiệu lực"),
            value=in_force.count(),
            url=f"{url}?status=in_force",
            group=_("Quy chế phối hợp"),
        ),
        Figure(
            key="regulation_obligations_confirmed",
            label=_("Nghĩa vụ phối hợp đã xác nhận"),
            value=confirmed.count(),
            url=url,
            group=_("Quy chế phối hợp"),
        ),
    ]


# A confirmed obligation of the unit's regulation in force that carries a deadline code sets that deadline,
# not the law (coordination.deadline_rules.rule_for asks here first).
register_deadline_override(obligation_rule_for)

# The signed copy of a regulation comes back as a PDF: its digital signatures are checked
# (coordination.signing).
register_signed_upload(Regulation, "scanned_copy")
