"""Who a follow-up's mails go to (a leader's reminder, a comment, a re-assignment)."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from coordination.models import FollowUp, Role


def owers(followup: FollowUp) -> list:
    """Who owes ``followup``: its responsible person and the lead body's staff, active, with an email, and
    allowed to see its subject."""
    from coordination.permissions import can_view_subject

    owes = Q(memberships__body_id=followup.lead_body_id, memberships__role=Role.STAFF)
    if followup.responsible_id is not None:
        owes |= Q(person__pk=followup.responsible_id)
    users = get_user_model().objects.filter(owes, is_active=True).exclude(email="").distinct().order_by("pk")
    return [user for user in users if can_view_subject(user, followup)]
