"""Demo data: Hòa Phong's 2021 three-party regulation 794/… and the 2026–2031 four-party regulation
12/… that supersedes it, both imported from the texts in regulations/fixtures/, signed, in force
(794 superseded on 06/05/2026), with every obligation confirmed. Idempotent: an imported regulation
is found by its number and left as it is.
"""

from datetime import date
from pathlib import Path

from coordination.models import BodyKind
from regulations.models import Obligation, Regulation
from regulations.parsing import parse_regulation
from regulations.services import obligations_confirm_all, regulation_import, regulation_transition

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DEMO_REGULATIONS = [
    ("quy-che-794-2021.txt", "previous_term", date(2021, 10, 5)),
    ("quy-che-4-ben-hoa-phong.txt", "term", date(2026, 5, 6)),
]


def build(ctx) -> None:
    for filename, term_attr, effective_from in DEMO_REGULATIONS:
        parsed = parse_regulation((FIXTURES / filename).read_text(encoding="utf-8"))
        regulation = Regulation.objects.filter(unit=ctx.province, number=parsed.number).first()
        if regulation is None:
            regulation = regulation_import(parsed=parsed, unit=ctx.province, by=None, term=getattr(ctx, term_attr))
        if regulation.is_editable:
            regulation_transition(
                regulation=regulation, to_status=Regulation.Status.IN_FORCE, by=None,
                note="Dữ liệu minh họa", effective_from=effective_from,
            )
        # Provisions addressed to "các bên" or to the supervised body name no lead; in the demo the
        # Standing Committee, which keeps the coordination on track, leads them.
        regulation.obligations.filter(status=Obligation.Status.PROPOSED, lead_body__isnull=True).update(
            lead_body=ctx.bodies[BodyKind.COUNCIL_STANDING]
        )
        obligations_confirm_all(regulation=regulation, by=None)
