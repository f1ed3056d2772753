"""Confidence ratings: the thresholds, the ballot check and the record."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sessions.models import ConfidenceRating, RatingThreshold, Session

RATING_THRESHOLDS = [
    ("formal_vote", "Quá nửa tổng số đại biểu đánh giá tín nhiệm thấp: bỏ phiếu tín nhiệm", Decimal("0.5")),
    (
        "dismissal",
        "Quá nửa tổng số đại biểu bỏ phiếu không tín nhiệm: trình miễn nhiệm, cách chức",
        Decimal("0.5"),
    ),
]


def rating_thresholds_ensure(RatingThreshold=RatingThreshold) -> None:
    """Seed the thresholds (migration and demo); an administrator's later edits are kept."""
    for code, name, share in RATING_THRESHOLDS:
        RatingThreshold.objects.get_or_create(
            code=code, defaults={"name": name, "share": share, "legal_basis": "Nghị quyết 96/2023/QH15"}
        )


def rating_thresholds() -> dict[str, Decimal]:
    return dict(RatingThreshold.objects.values_list("code", "share"))


def rating_check(
    *, total_members: int, ballots_issued: int, valid_ballots: int, high: int, confidence: int, low: int
) -> None:
    """Refuse counts that cannot be: negatives, more valid than issued, more marks than valid ballots."""
    errors = {}
    for name, value in [
        ("total_members", total_members),
        ("ballots_issued", ballots_issued),
        ("valid_ballots", valid_ballots),
        ("high", high),
        ("confidence", confidence),
        ("low", low),
    ]:
        if value is None or value < 0:
            errors[name] = _("Số phiếu không được âm.")
    if errors:
        raise ValidationError(errors)
    if ballots_issued > total_members:
        errors["ballots_issued"] = _("Số phiếu phát ra (%(n)s) lớn hơn tổng số đại biểu (%(t)s).") % {
            "n": ballots_issued,
            "t": total_members,
        }
    if valid_ballots > ballots_issued:
        errors["valid_ballots"] = _("Số phiếu hợp lệ (%(v)s) lớn hơn số phiếu phát ra (%(n)s).") % {
            "v": valid_ballots,
            "n": ballots_issued,
        }
    if high + confidence + low > valid_ballots:
        errors["low"] = _(
            "Tổng số phiếu tín nhiệm cao, tín nhiệm và tín nhiệm thấp (%(s)s) lớn hơn số phiếu hợp lệ "
            "(%(v)s)."
        ) % {"s": high + confidence + low, "v": valid_ballots}
    if errors:
        raise ValidationError(errors)


def rating_record(*, session: Session, position, kind: str, total_members: int, ballots_issued: int,
                  valid_ballots: int, confidence: int, low: int, high: int = 0) -> ConfidenceRating:
    if not position.elected_by_council:
        raise ValidationError({"position": _("Chỉ lấy phiếu tín nhiệm người giữ chức vụ do HĐND bầu.")})
    rating = ConfidenceRating(
        session=session, position=position, kind=kind, total_members=total_members,
        ballots_issued=ballots_issued, valid_ballots=valid_ballots, high=high, confidence=confidence, low=low,
    )
    rating.clean()  # the session has met
    rating_check(total_members=total_members, ballots_issued=ballots_issued, valid_ballots=valid_ballots,
                 high=high, confidence=confidence, low=low)
    try:
        # The unique constraint decides, so two clerks saving the same result at once get the same answer.
        with transaction.atomic():
            rating.save()
            return rating
    except IntegrityError:
        raise ValidationError({"position": _("Kỳ họp này đã có kết quả %(kind)s của %(name)s.") % {
            "kind": ConfidenceRating.Kind(kind).label.lower(), "name": position.person.full_name}}) from None
