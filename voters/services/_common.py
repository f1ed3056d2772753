"""What the voters' workflows share: the open follow-up of a subject."""

from coordination.models import FollowUp
from coordination.services import followups_of


def _current_followup(subject) -> FollowUp | None:
    return followups_of(subject).filter(status=FollowUp.Status.OPEN).order_by("-id").first()
