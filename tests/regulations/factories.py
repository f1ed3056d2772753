"""Regulations built the way users build them: imported from text through the importer service."""

from datetime import date
from pathlib import Path

from regulations.parsing import parse_regulation
from regulations.services import obligations_confirm_all, party_sign, regulation_import, regulation_transition

DATA = Path(__file__).resolve().parent / "data"
SAMPLE = DATA / "quy-che-4-ben-hoa-phong.txt"
OLD_SAMPLE = DATA / "quy-che-794-2021.txt"


def sample_text(path: Path = SAMPLE) -> str:
    return path.read_text(encoding="utf-8")


def import_text(text: str, unit, *, by=None, number: str = ""):
    return regulation_import(parsed=parse_regulation(text), unit=unit, by=by, number=number)


def draft_text(
    *, number: str = "5/QCPH-TTHĐND-UBND", articles: int = 3, title: str = "Quy chế phối hợp thử nghiệm"
) -> str:
    """A small two-party draft (no signatures yet); the issuers line names the parties."""
    body = "\n\n".join(
        f"Điều {n}. Nội dung phối hợp số {n}\n1. UBND gửi báo cáo đến Thường trực HĐND chậm nhất {n + 5} "
        f"ngày trước ngày khai mạc kỳ họp."
        for n in range(1, articles + 1)
    )
    return (
        "THƯỜNG TRỰC HĐND - UBND\n-------\n"
        f"Số: {number}\nHòa Phong, ngày 10 tháng 3 năm 2026\n\nQUY CHẾ\n{title.upper()}\n\n"
        f"Chương I\nQUY ĐỊNH CHUNG\n\n{body}\n"
    )


def sign_all(regulation, *, on=None):
    """Record every unsigned party's signature as its leader would: the signer the text proposes, on ``on``
    (default: the date the text bears)."""
    from django.utils import timezone

    for party in regulation.parties.all():
        if not party.is_signed:
            party_sign(party=party, signer_name=party.proposed_signer_name or "Người Ký",
                       signer_title=party.proposed_signer_title or "CHỦ TỊCH",
                       signed_on=on or regulation.dated_on or timezone.localdate(), by=None)
    regulation.refresh_from_db()
    return regulation


def in_force(regulation, *, effective_from=None):
    """Sign every unsigned party, put the regulation in force and confirm its obligations."""
    sign_all(regulation, on=effective_from)
    regulation = regulation_transition(
        regulation=regulation, to_status="in_force", by=None, effective_from=effective_from
    )
    obligations_confirm_all(regulation=regulation, by=None)
    return regulation


def confirmed_rules(
    unit, *obligations: dict, number: str = "01/QCPH-HĐND-UBND", effective_from: date = date(2025, 1, 1)
):
    """A regulation in force for ``unit`` whose confirmed obligations are ``obligations`` (Obligation fields:
    ``lead_body``, ``action``, ``rule_kind``, ``anchor``, ``direction``, ``amount``, ``day_unit``…), built
    directly rather than imported when a test needs exact deadline rules."""
    from regulations.models import Article, Obligation, Regulation

    regulation = Regulation.objects.create(number=number, title="Quy chế phối hợp", unit=unit,
                                           status=Regulation.Status.IN_FORCE, effective_from=effective_from)
    article = Article.objects.create(regulation=regulation, number="7", title="Phối hợp", order=7)
    for fields in obligations:
        Obligation.objects.create(
            regulation=regulation, article=article, status=Obligation.Status.CONFIRMED, **fields
        )
    return regulation
