"""One authorization door per object type of the voters app (ARCHITECTURE.md rule 3).

- Rounds, meetings, opinions, petitions, reception days: every member of a body of the unit sees
  them; the Front, the Standing Committee, the NA delegation and the Council's committees (the
  "compilers") record, compile and route; the agency a petition was routed to answers it; the
  Standing Committee, a Council committee or (central petitions) the NA delegation verify.
- Letters: only members of the handling body see them; its staff and leaders handle them.
- A denouncer's identity: only users holding ``view_denounceridentity`` on that very row (the
  handler, leaders explicitly authorised). Superusers are NOT let in: ``with_superuser=False``.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from guardian.shortcuts import get_objects_for_user

from coordination.models import Body, BodyKind
from coordination.permissions import access_for
from voters.models import (
    DenouncerIdentity,
    Letter,
    Petition,
    ReceptionDay,
    ReceptionVisit,
    VoterContactRound,
    VoterMeeting,
)

COMPILER_KINDS = (BodyKind.FRONT_BOARD, BodyKind.COUNCIL_STANDING, BodyKind.NA_DELEGATION, BodyKind.COUNCIL_COMMITTEE,
                  BodyKind.OFFICE)
VERIFIER_KINDS = (BodyKind.COUNCIL_STANDING, BodyKind.COUNCIL_COMMITTEE, BodyKind.NA_DELEGATION)


def _editor_unit_ids(user, kinds) -> set[int]:
    """Units where the user is staff or leader of a body of one of ``kinds`` (cached per request)."""
    cache = user.__dict__.setdefault("_voters_editor_units", {})
    if kinds not in cache:
        access = access_for(user)
        cache[kinds] = set(
            Body.objects.filter(pk__in=access.editor_body_ids, kind__in=kinds).values_list("unit_id", flat=True)
        )
    return cache[kinds]


def can_compile(user, unit_id: int) -> bool:
    return access_for(user).is_superuser or unit_id in _editor_unit_ids(user, COMPILER_KINDS)


def can_verify(user, unit_id: int) -> bool:
    return access_for(user).is_superuser or unit_id in _editor_unit_ids(user, VERIFIER_KINDS)


def _visible_in_units(queryset, user, unit_field: str):
    access = access_for(user)
    return queryset if access.is_superuser else queryset.filter(**{f"{unit_field}__in": access.unit_ids()})


def _get(queryset, pk):
    try:
        return queryset.get(pk=pk)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def visible_rounds(user):
    rounds = VoterContactRound.objects.select_related("organiser", "cooperating", "unit", "council_session__council")
    return _visible_in_units(rounds, user, "unit_id")


def get_round_for_user(user, pk: int, *, change: bool = False) -> VoterContactRound:
    round_ = _get(visible_rounds(user), pk)
    if change and not can_compile(user, round_.unit_id):
        raise PermissionDenied
    return round_


def get_meeting_for_user(user, pk: int, *, change: bool = False) -> VoterMeeting:
    meetings = _visible_in_units(VoterMeeting.objects.select_related("round", "place_unit"), user, "round__unit_id")
    meeting = _get(meetings, pk)
    if change and not can_compile(user, meeting.round.unit_id):
        raise PermissionDenied
    return meeting


def visible_petitions(user):
    return _visible_in_units(Petition.objects.all(), user, "unit_id")


def get_petition_for_user(user, pk: int, *, change: str = "") -> Petition:
    """``change``: "" to read, "compile" (classify, route, merge), "answer" (the agency), "verify"."""
    petition = _get(visible_petitions(user).select_related("round", "agency", "field", "unit"), pk)
    allowed = {
        "": True,
        "compile": lambda: can_compile(user, petition.unit_id),
        "answer": lambda: petition.agency_id is not None and access_for(user).can_edit_for_body(petition.agency_id),
        "verify": lambda: can_verify(user, petition.unit_id),
    }[change]
    if allowed is not True and not allowed():
        raise PermissionDenied
    return petition


def visible_receptions(user):
    return _visible_in_units(ReceptionDay.objects.select_related("host_body"), user, "host_body__unit_id")


def visible_visits(user):
    visits = ReceptionVisit.objects.select_related("reception__host_body")
    return _visible_in_units(visits, user, "reception__host_body__unit_id")


def can_edit_reception(user, reception: ReceptionDay) -> bool:
    return access_for(user).can_edit_for_body(reception.host_body_id) or can_compile(user, reception.host_body.unit_id)


def get_reception_for_user(user, pk: int, *, change: bool = False) -> ReceptionDay:
    reception = _get(visible_receptions(user), pk)
    if change and not can_edit_reception(user, reception):
        raise PermissionDenied
    return reception


def visible_letters(user):
    access = access_for(user)
    letters = Letter.objects.select_related("handling_body", "forwarded_to", "handler")
    return letters if access.is_superuser else letters.filter(handling_body_id__in=access.body_ids())


def get_letter_for_user(user, pk: int, *, change: bool = False) -> Letter:
    letter = _get(visible_letters(user), pk)
    if change and not access_for(user).can_edit_for_body(letter.handling_body_id):
        raise PermissionDenied
    return letter


def can_see_identity(user, identity: DenouncerIdentity) -> bool:
    """The per-object grant only: neither a global permission nor superuser status opens it."""
    if not user.is_authenticated or not user.is_active:
        return False
    return get_objects_for_user(
        user, "voters.view_denounceridentity", klass=DenouncerIdentity.objects.filter(pk=identity.pk),
        accept_global_perms=False, with_superuser=False,
    ).exists()
