"""The one authorization door for coordination objects (ARCHITECTURE.md rule 3).

Roles come from Membership: a user is staff, leader or viewer of a body. Seeing a unit's records
needs any membership in a body of that unit; changing them needs staff or leader. Each app has a
permissions.py of its own with a ``get_<thing>_for_user`` helper that fetches and authorizes in one
step: 404 for a user who may not know the object exists, 403 for one who may see but not change it.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from coordination.models import (
    AdministrativeUnit,
    Body,
    FollowUp,
    GeneratedReport,
    Membership,
    Role,
)


@dataclass(frozen=True)
class Access:
    """A user's memberships, read once per request (``access_for(user)`` caches it on the user)."""

    is_superuser: bool = False
    roles_by_body: dict[int, str] = field(default_factory=dict)
    unit_by_body: dict[int, int] = field(default_factory=dict)

    def body_ids(self, *roles: str) -> set[int]:
        return {b for b, r in self.roles_by_body.items() if not roles or r in roles}

    def unit_ids(self, *roles: str) -> set[int]:
        return {self.unit_by_body[b] for b in self.body_ids(*roles)}

    @property
    def editor_body_ids(self) -> set[int]:
        return self.body_ids(Role.STAFF, Role.LEADER)

    @property
    def leader_body_ids(self) -> set[int]:
        return self.body_ids(Role.LEADER)

    def can_edit_unit(self, unit_id: int) -> bool:
        return self.is_superuser or unit_id in self.unit_ids(Role.STAFF, Role.LEADER)

    def can_edit_for_body(self, body_id: int) -> bool:
        return self.is_superuser or body_id in self.editor_body_ids

    def is_leader_of(self, body_id: int) -> bool:
        return self.is_superuser or body_id in self.leader_body_ids


def access_for(user) -> Access:
    if not user.is_authenticated or not user.is_active:
        return Access()
    cached = getattr(user, "_phoihop_access", None)
    if cached is None:
        rows = Membership.objects.filter(user=user).values_list("body_id", "role", "body__unit_id")
        cached = Access(
            is_superuser=user.is_superuser,
            roles_by_body={body_id: role for body_id, role, _ in rows},
            unit_by_body={body_id: unit_id for body_id, _, unit_id in rows},
        )
        user._phoihop_access = cached
    return cached


def prime_access(users) -> None:
    """Read the memberships of many users in one query (a digest sweep), as ``access_for`` would one by one."""
    users = [u for u in users if u.is_authenticated and u.is_active and getattr(u, "_phoihop_access", None) is None]
    rows: dict[int, list] = {u.pk: [] for u in users}
    for user_id, body_id, role, unit_id in Membership.objects.filter(user__in=users).values_list(
            "user_id", "body_id", "role", "body__unit_id"):
        rows[user_id].append((body_id, role, unit_id))
    for user in users:
        user._phoihop_access = Access(
            is_superuser=user.is_superuser,
            roles_by_body={body_id: role for body_id, role, _ in rows[user.pk]},
            unit_by_body={body_id: unit_id for body_id, _, unit_id in rows[user.pk]},
        )


def visible_bodies(user):
    access = access_for(user)
    bodies = Body.objects.select_related("unit", "parent")
    return bodies if access.is_superuser else bodies.filter(unit_id__in=access.unit_ids())


def get_body_for_user(user, pk: int) -> Body:
    try:
        return visible_bodies(user).get(pk=pk)
    except Body.DoesNotExist:
        raise Http404 from None


def subjects_visible_q(user) -> Q:
    """The condition a follow-up meets when ``user`` may see its subject (a letter of another body: not).

    Each app registers the door of the subjects seen by fewer than the unit's members
    (``coordination.providers.register_subject_visibility``); a follow-up of such a subject passes only when
    the subject is among those the door lets the user see.
    """
    from coordination.providers import SUBJECT_VISIBILITY

    condition = Q()
    for model, visible in SUBJECT_VISIBILITY.items():
        subject_type = ContentType.objects.get_for_model(model)
        condition &= ~(Q(subject_type=subject_type) & ~Q(subject_id__in=visible(user).values("pk")))
    return condition


def restrict_to_visible_subjects(followups, user):
    """``followups`` without those whose subject ``user`` may not see."""
    return followups.filter(subjects_visible_q(user))


def subject_visible_to(followup: FollowUp, user) -> bool:
    """Whether ``user`` may see the subject of one follow-up (True for subjects no app restricts)."""
    from coordination.providers import SUBJECT_VISIBILITY

    model = ContentType.objects.get_for_id(followup.subject_type_id).model_class() if followup.subject_type_id else None
    if model not in SUBJECT_VISIBILITY:
        return True
    return SUBJECT_VISIBILITY[model](user).filter(pk=followup.subject_id).exists()


def visible_followups(user):
    """The follow-ups of the user's units whose subject the user may see."""
    access = access_for(user)
    followups = FollowUp.objects.all()
    if not access.is_superuser:
        followups = followups.filter(unit_id__in=access.unit_ids())
    return restrict_to_visible_subjects(followups, user)


def get_followup_for_user(user, pk: int, *, change: bool = False) -> FollowUp:
    """Any member of the unit who may see its subject may see a follow-up; staff/leaders of the lead body (or the responsible person) change it."""
    try:
        followup = visible_followups(user).select_related("lead_body", "responsible", "unit").get(pk=pk)
    except FollowUp.DoesNotExist:
        raise Http404 from None
    if change:
        access = access_for(user)
        is_responsible = followup.responsible_id is not None and followup.responsible.user_id == user.id
        if not (access.can_edit_for_body(followup.lead_body_id) or is_responsible):
            raise PermissionDenied
    return followup


def get_report_for_user(user, pk: int) -> GeneratedReport:
    """A generated document belongs to whoever asked for it (its content was authorized for them), and to the
    members of the bodies that sign it (their leaders sign it in turn; coordination.services.document_sign)."""
    access = access_for(user)
    try:
        report = GeneratedReport.objects.get(pk=pk)
    except GeneratedReport.DoesNotExist:
        raise Http404 from None
    signing_bodies = {party["body_id"] for party in report.signers or []}
    if access.is_superuser or report.requested_by_id == user.pk or signing_bodies & access.body_ids():
        return report
    raise Http404


def visible_units(user):
    """The units whose dashboard and reports a user may see: those of their bodies."""
    access = access_for(user)
    units = AdministrativeUnit.objects.all()
    return units if access.is_superuser else units.filter(pk__in=access.unit_ids())
