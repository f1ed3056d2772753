"""Demo data: Hòa Phong's 2021 three-party regulation 794/… and the 2026–2031 four-party regulation 12/… that
supersedes it, and Xã Phong Lạc's three-party regulation 03/… (compared with the province's on its
consistency page), all imported from the texts in regulations/fixtures/ the way an officer imports them:
each party's signature recorded by a leader of that body, then put in force by a leader (794 superseded
on 06/05/2026 when 12 takes effect), every obligation confirmed.

Logins added here: a leader of each of the other three provincial bodies (so each party can sign in the
browser), a commune officer and a commune leader. Idempotent: an imported regulation is found by its
number and left as it is.
"""

from datetime import date
from pathlib import Path

from coordination.demo import demo_user
from coordination.models import BodyKind, Role
from regulations.models import Obligation, Regulation
from regulations.parsing import parse_regulation
from regulations.services import obligations_confirm_all, party_sign, regulation_import, regulation_transition

FIXTURES = Path(__file__).resolve().parent / "fixtures"
# (file, unit attribute of the demo context, term attribute, the day every party signed and it took effect)
DEMO_REGULATIONS = [
    ("quy-che-794-2021.txt", "province", "previous_term", date(2021, 10, 5)),
    ("quy-che-4-ben-hoa-phong.txt", "province", "term", date(2026, 5, 6)),
    ("quy-che-xa-phong-lac-2026.txt", "commune", "commune_term", date(2026, 5, 20)),
]


def _leaders(ctx) -> dict[int, object]:
    """The demo leader of each body (body id → user)."""
    b, commune = ctx.bodies, ctx.commune_bodies
    leaders = {
        b[BodyKind.COUNCIL_STANDING].pk: ctx.users.get("lanhdao"),
        b[BodyKind.PEOPLES_COMMITTEE].pk: demo_user(
            ctx,
            "lanhdaoubnd",
            "Phạm Thu Hà",
            body=b[BodyKind.PEOPLES_COMMITTEE],
            role=Role.LEADER,
            title="Phó Chủ tịch UBND tỉnh",
            description="Lãnh đạo: Phó Chủ tịch UBND tỉnh (ghi nhận chữ ký của UBND)",
        ),
        b[BodyKind.FRONT_BOARD].pk: demo_user(
            ctx,
            "lanhdaomattran",
            "Ngô Thị Hoa",
            body=b[BodyKind.FRONT_BOARD],
            role=Role.LEADER,
            title="Chủ tịch Ủy ban MTTQ Việt Nam tỉnh",
            description="Lãnh đạo: Chủ tịch Ủy ban MTTQ Việt Nam tỉnh",
        ),
        b[BodyKind.NA_DELEGATION].pk: demo_user(
            ctx,
            "lanhdaodoan",
            "Đỗ Minh Tuấn",
            body=b[BodyKind.NA_DELEGATION],
            role=Role.LEADER,
            title="Phó Trưởng Đoàn ĐBQH chuyên trách",
            description="Lãnh đạo: Phó Trưởng Đoàn ĐBQH tỉnh",
        ),
        commune[BodyKind.COUNCIL_STANDING].pk: demo_user(
            ctx,
            "lanhdaoxa",
            "Đoàn Văn Lộc",
            body=commune[BodyKind.COUNCIL_STANDING],
            role=Role.LEADER,
            title="Chủ tịch HĐND xã Phong Lạc",
            description="Lãnh đạo: Chủ tịch HĐND xã Phong Lạc",
        ),
    }
    demo_user(
        ctx,
        "canboxa",
        "Lò Thị Mến",
        body=commune[BodyKind.COUNCIL_STANDING],
        role=Role.STAFF,
        title="Công chức Văn phòng HĐND và UBND xã",
        description="Công chức xã Phong Lạc (giúp việc Thường trực HĐND xã)",
    )
    return leaders


def build(ctx) -> None:
    from coordination.models import Term

    ctx.commune_term, _ = Term.objects.get_or_create(
        unit=ctx.commune,
        start_year=2026,
        defaults={"end_year": 2031, "legislature": 1, "elected_on": date(2026, 3, 15)},
    )
    leaders = _leaders(ctx)
    for filename, unit_attr, term_attr, signed_on in DEMO_REGULATIONS:
        unit = getattr(ctx, unit_attr)
        parsed = parse_regulation((FIXTURES / filename).read_text(encoding="utf-8"))
        regulation = Regulation.objects.filter(unit=unit, number=parsed.number).first()
        if regulation is None:
            regulation = regulation_import(parsed=parsed, unit=unit, by=None, term=getattr(ctx, term_attr))
        if regulation.is_editable:
            for party in regulation.parties.select_related("body"):
                if not party.is_signed:
                    party_sign(
                        party=party,
                        signer_name=party.proposed_signer_name,
                        signer_title=party.proposed_signer_title,
                        signed_on=signed_on,
                        by=leaders.get(party.body_id),
                    )
            regulation_transition(
                regulation=regulation, to_status=Regulation.Status.IN_FORCE, note="Dữ liệu minh họa",
                effective_from=signed_on, by=leaders.get(regulation.parties.first().body_id),
            )
        # Provisions addressed to "các bên" or to the supervised body name no lead; in the demo the
        # Standing Committee, which keeps the coordination on track, leads them.
        standing = (
            regulation.parties.filter(body__kind=BodyKind.COUNCIL_STANDING)
            .values_list("body", flat=True)
            .first()
        )
        regulation.obligations.filter(status=Obligation.Status.PROPOSED, lead_body__isnull=True).update(
            lead_body=standing
        )
        obligations_confirm_all(regulation=regulation, by=None)
