"""The one authorization door for coordination objects (ARCHITECTURE.md rule 3), and the doors' common
language.

Roles come from Membership: a user is staff, leader or viewer of a body. Seeing a unit's records
needs any membership in a body of that unit; changing them needs staff or leader. ``access_for(user)``
reads the memberships once per request; every role question goes through it.

Each app's permissions.py has one door per object type, ``get_<thing>_for_user(user, pk, *, need=Need.VIEW)``,
that fetches and authorizes in one step: 404 for a user who may not know the object exists, 403 for one
who may see it but not do what they ``need``. The object comes back carrying what the user may do with it
(``obj.can.change``, ``obj.can.verify``…), so views and templates read that instead of asking again.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from coordination.models import (
    AdministrativeUnit,
    Body,
    BodyKind,
    FollowUp,
    GeneratedReport,
    Membership,
    Role,
)

EDITOR_ROLES = (Role.STAFF, Role.LEADER)


class Need(StrEnum):
    """What a caller needs to do with an object. Every door decides VIEW; each says which others it does."""

    VIEW = "view"
    CHANGE = "change"
    COMPILE = "compile"  # classify, route and merge petitions
    ANSWER = "answer"
    VERIFY = "verify"
    REVIEW = "review"  # a committee's review report; a plan's review conference
    MOVE = "move"  # a regulation along its lifecycle
    SIGN = "sign"
    MANAGE = "manage"  # a letter's leader: its handler and who may read the denouncer's identity
    NUDGE = "nudge"  # a leader of the unit reminds those who owe a follow-up ("đôn đốc")
    COMMENT = "comment"  # a comment on a follow-up, recorded and mailed to those who owe it
    ASSIGN = "assign"  # re-assign a follow-up (lead body, responsible person) or extend its deadline
    PUBLISH = "publish"  # a round's results made public to voters (the public pages), or withdrawn


class Permits:
    """What one user may do with one object, as its door decided: ``permits.compile`` in code and templates,
    ``permits[need]`` with a Need in hand. Each answer is worked out when first asked, and once."""

    __slots__ = ("_answers", "_rules")

    def __init__(self, rules: dict[Need, Callable[[], bool]]):
        self._rules = {Need.VIEW: lambda: True, **rules}
        self._answers: dict[Need, bool] = {}

    def __getitem__(self, need: str) -> bool:
        if need not in self._rules:
            raise KeyError(f"this door does not decide {need!r}")
        if need not in self._answers:
            self._answers[need] = bool(self._rules[need]())
        return self._answers[need]

    def __getattr__(self, name: str) -> bool:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self[name]
        except KeyError as exc:
            raise AttributeError(name) from exc


def visible_object(queryset, pk):
    """The object ``pk`` among those the user may see (``queryset``), or 404: they may not know it exists."""
    try:
        return queryset.get(pk=pk)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def authorize(obj, need: Need, rules: dict[Need, Callable[[], bool]]):
    """Give ``obj`` what the user may do with it (``obj.can``, from ``rules``); 403 unless that includes
    ``need``."""
    obj.can = Permits(rules)
    if not obj.can[need]:
        raise PermissionDenied
    return obj


@dataclass(frozen=True)
class Access:
    """A user's memberships, read once per request (``access_for(user)`` caches it on the user)."""

    is_superuser: bool = False
    roles_by_body: dict[int, str] = field(default_factory=dict)
    unit_by_body: dict[int, int] = field(default_factory=dict)
    kind_by_body: dict[int, str] = field(default_factory=dict)
    # The user's units that have a Council in office (read in the same query: the Council's registers offer
    # "add" to its Standing Committee's staff without asking the database again).
    council_unit_ids: frozenset[int] = frozenset()

    @classmethod
    def of(cls, user, rows) -> "Access":
        """From (body id, role, unit id, body kind, unit has a Council in office) rows of the user's
        memberships."""
        rows = list(rows)
        return cls(
            is_superuser=user.is_superuser,
            roles_by_body={body_id: role for body_id, role, *_ in rows},
            unit_by_body={body_id: unit_id for body_id, _, unit_id, *_ in rows},
            kind_by_body={body_id: kind for body_id, _, _, kind, *_ in rows},
            council_unit_ids=frozenset(unit_id for _, _, unit_id, _, has_council in rows if has_council),
        )

    def body_ids(self, *roles: str, kinds=()) -> set[int]:
        """The user's bodies where they hold one of ``roles``, of one of ``kinds`` (when none given: any)."""
        return {
            b for b, r in self.roles_by_body.items()
            if (not roles or r in roles) and (not kinds or self.kind_by_body[b] in kinds)
        }

    def unit_ids(self, *roles: str, kinds=()) -> set[int]:
        return {self.unit_by_body[b] for b in self.body_ids(*roles, kinds=kinds)}

    @property
    def editor_body_ids(self) -> set[int]:
        return self.body_ids(*EDITOR_ROLES)

    @property
    def leader_body_ids(self) -> set[int]:
        return self.body_ids(Role.LEADER)

    def can_edit_unit(self, unit_id: int, kinds=()) -> bool:
        """Staff or leader of a body of the unit (of one of ``kinds``, when given)."""
        return self.is_superuser or unit_id in self.unit_ids(*EDITOR_ROLES, kinds=kinds)

    def can_edit_for_body(self, body_id: int) -> bool:
        return self.is_superuser or body_id in self.editor_body_ids

    def is_leader_of(self, body_id: int) -> bool:
        return self.is_superuser or body_id in self.leader_body_ids


MEMBERSHIP_ROW = ("body_id", "role", "body__unit_id", "body__kind", "unit_has_council")


def _unit_has_council(unit_id_path: str) -> Exists:
    """Whether the unit at ``unit_id_path`` (of the outer query) has a Council in office: an EXISTS on each of
    a user's few membership rows, in the same round trip."""
    return Exists(
        Body.objects.filter(kind=BodyKind.COUNCIL, active_to__isnull=True, unit_id=OuterRef(unit_id_path))
    )


def _membership_rows(memberships):
    """``MEMBERSHIP_ROW`` of ``memberships``."""
    return memberships.annotate(unit_has_council=_unit_has_council("body__unit_id"))


def access_for(user) -> Access:
    if not user.is_authenticated or not user.is_active:
        return Access()
    cached = getattr(user, "_phoihop_access", None)
    if cached is None:
        rows = _membership_rows(Membership.objects.filter(user=user)).values_list(*MEMBERSHIP_ROW)
        cached = Access.of(user, rows)
        user._phoihop_access = cached
    return cached


class MembershipsBackend(ModelBackend):
    """Django's ModelBackend, whose ``get_user`` (each request's signed-in user) reads the user's memberships
    in the same query (a LEFT JOIN, one row per membership), so ``access_for`` asks nothing more: one round
    trip fewer on every page."""

    def get_user(self, user_id):
        User = get_user_model()
        user_columns = [f.attname for f in User._meta.concrete_fields]
        *joined, annotated = MEMBERSHIP_ROW  # the last, whether the unit has a Council, is an annotation
        rows = list(
            User._default_manager.filter(pk=user_id)
            .annotate(**{annotated: _unit_has_council("memberships__body__unit_id")})
            .values_list(*user_columns, *(f"memberships__{column}" for column in joined), annotated)
        )
        if not rows:
            return None
        user = User.from_db(User._default_manager.db, user_columns, rows[0][: len(user_columns)])
        if not self.user_can_authenticate(user):
            return None
        memberships = [row[len(user_columns):] for row in rows]
        user._phoihop_access = Access.of(user, [m for m in memberships if m[0] is not None])
        return user


def prime_access(users) -> None:
    """Read the memberships of many users in one query (a digest sweep), as ``access_for`` would one by
    one."""
    users = [
        u for u in users if u.is_authenticated and u.is_active and getattr(u, "_phoihop_access", None) is None
    ]
    rows: dict[int, list] = {u.pk: [] for u in users}
    for user_id, *row in _membership_rows(Membership.objects.filter(user__in=users)).values_list(
        "user_id", *MEMBERSHIP_ROW
    ):
        rows[user_id].append(row)
    for user in users:
        user._phoihop_access = Access.of(user, rows[user.pk])


def visible_bodies(user):
    access = access_for(user)
    bodies = Body.objects.select_related("unit", "parent")
    return bodies if access.is_superuser else bodies.filter(unit_id__in=access.unit_ids())


def get_body_for_user(user, pk: int, *, need: Need = Need.VIEW) -> Body:
    """Members of the unit see its bodies (they are changed in the admin only)."""
    return authorize(visible_object(visible_bodies(user), pk), need, {})


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


def restricted_subject_type_ids() -> set[int]:
    """The content types of the subjects ``subjects_visible_q`` narrows (a follow-up of any other subject
    passes it for every user)."""
    from coordination.providers import SUBJECT_VISIBILITY

    return {ContentType.objects.get_for_model(model).pk for model in SUBJECT_VISIBILITY}


def restrict_to_visible_subjects(followups, user):
    """``followups`` without those whose subject ``user`` may not see."""
    return followups.filter(subjects_visible_q(user))


def can_view_subject(user, followup: FollowUp) -> bool:
    """Whether ``user`` may see the subject of one follow-up (True for subjects no app restricts)."""
    from coordination.providers import SUBJECT_VISIBILITY

    model = (
        ContentType.objects.get_for_id(followup.subject_type_id).model_class()
        if followup.subject_type_id
        else None
    )
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


def can_change_followup(user, followup: FollowUp) -> bool:
    """Staff/leaders of the lead body, or the responsible person."""
    is_responsible = followup.responsible_id is not None and followup.responsible.user_id == user.id
    return access_for(user).can_edit_for_body(followup.lead_body_id) or is_responsible


def can_nudge_followups(user, unit_id: int) -> bool:
    """A leader of one of the unit's bodies (or a superuser) may remind whoever owes the unit's follow-ups."""
    access = access_for(user)
    return access.is_superuser or unit_id in access.unit_ids(Role.LEADER)


def can_comment_followup(user, followup: FollowUp) -> bool:
    """Staff/leaders of any body of the unit, or the responsible person (a viewer reads, and does not
    write)."""
    is_responsible = followup.responsible_id is not None and followup.responsible.user_id == user.id
    return access_for(user).can_edit_unit(followup.unit_id) or is_responsible


def can_assign_followup(user, followup: FollowUp) -> bool:
    """The leaders of the lead body, and the staff/leaders of the unit's Council Standing Committee (its
    secretariat follows every follow-up of the unit), may re-assign a follow-up or extend its deadline; the
    lead body's officers and the responsible person may not change who owes it or by when. Nobody does so
    here for a follow-up whose subject's app re-assigns and extends it itself (a plan task, on its own forms:
    ``coordination.providers.register_followup_changes``)."""
    from coordination.providers import followup_changed_by_subject

    if followup_changed_by_subject(followup):
        return False
    access = access_for(user)
    return access.is_leader_of(followup.lead_body_id) or access.can_edit_unit(
        followup.unit_id, kinds=(BodyKind.COUNCIL_STANDING,)
    )


def get_followup_for_user(user, pk: int, *, need: Need = Need.VIEW) -> FollowUp:
    """Any member of the unit who may see its subject may see a follow-up; CHANGE: ``can_change_followup``;
    NUDGE: ``can_nudge_followups``; COMMENT: ``can_comment_followup``; ASSIGN (re-assign to another body or
    person of the unit, extend the deadline): ``can_assign_followup`` — leaders of the lead body and editors
    of the unit's Council Standing Committee."""
    followup = visible_object(visible_followups(user).select_related("lead_body", "responsible", "unit"), pk)
    return authorize(followup, need, {
        Need.CHANGE: lambda: can_change_followup(user, followup),
        Need.NUDGE: lambda: can_nudge_followups(user, followup.unit_id),
        Need.COMMENT: lambda: can_comment_followup(user, followup),
        Need.ASSIGN: lambda: can_assign_followup(user, followup),
    })


def get_report_for_user(user, pk: int, *, need: Need = Need.VIEW) -> GeneratedReport:
    """A generated document belongs to whoever asked for it (its content was authorized for them), and to the
    members of the bodies that sign it (their leaders sign it in turn;
    coordination.services.document_sign)."""
    access = access_for(user)
    report = visible_object(GeneratedReport.objects.all(), pk)
    signing_bodies = {party["body_id"] for party in report.signers or []}
    if not (access.is_superuser or report.requested_by_id == user.pk or signing_bodies & access.body_ids()):
        raise Http404
    return authorize(report, need, {})


def visible_reports(user):
    """The follow-ups' door for generated documents (a signer's "Ký số" follow-up): as ``get_report_for_user``
    decides, read from the follow-ups: the requester's own documents and those whose signature one of the
    user's bodies owes or gave (the lead body of the document's signing follow-up)."""
    access = access_for(user)
    reports = GeneratedReport.objects.all()
    if access.is_superuser:
        return reports
    signing = FollowUp.objects.filter(
        subject_type=ContentType.objects.get_for_model(GeneratedReport), lead_body_id__in=access.body_ids()
    )
    return reports.filter(Q(requested_by=user) | Q(pk__in=signing.values("subject_id")))


def visible_units(user):
    """The units whose dashboard and reports a user may see: those of their bodies."""
    access = access_for(user)
    units = AdministrativeUnit.objects.all()
    return units if access.is_superuser else units.filter(pk__in=access.unit_ids())


def visible_api_tokens(user):
    """A user's own API tokens: nobody else's, not even a superuser's on this page (the admin lists them)."""
    from coordination.models import ApiToken

    return ApiToken.objects.filter(user_id=user.pk) if user.is_authenticated else ApiToken.objects.none()


def get_api_token_for_user(user, pk: int, *, need: Need = Need.VIEW):
    """CHANGE (rename, rotate, revoke): its owner, who alone sees it."""
    token = visible_object(visible_api_tokens(user), pk)
    return authorize(token, need, {Need.CHANGE: lambda: True})
