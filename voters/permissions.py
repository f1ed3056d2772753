"""One authorization door per object type of the voters app (ARCHITECTURE.md rule 3).

- Rounds, meetings, opinions, petitions, reception days: every member of a body of the unit sees
  them; the Front, the Standing Committee, the NA delegation and the Council's committees (the
  "compilers") record, compile and route; the agency a petition was routed to answers it; the
  Standing Committee, a Council committee or (central petitions) the NA delegation verify.
- Letters: only members of the handling body see them; its staff and leaders handle them.
- A denouncer's identity: only users holding ``view_denounceridentity`` on that very row (the
  handler, leaders explicitly authorised). Superusers are NOT let in: ``with_superuser=False``.
"""

from guardian.shortcuts import get_objects_for_user

from coordination.models import BodyKind
from coordination.permissions import Need, access_for, authorize, visible_object
from voters.models import (
    DenouncerIdentity,
    Letter,
    Opinion,
    Petition,
    PetitionTally,
    ReceptionDay,
    ReceptionVisit,
    VoterContactRound,
    VoterMeeting,
)

COMPILER_KINDS = (
    BodyKind.FRONT_BOARD,
    BodyKind.COUNCIL_STANDING,
    BodyKind.NA_DELEGATION,
    BodyKind.COUNCIL_COMMITTEE,
    BodyKind.OFFICE,
)
VERIFIER_KINDS = (BodyKind.COUNCIL_STANDING, BodyKind.COUNCIL_COMMITTEE, BodyKind.NA_DELEGATION)


def can_compile(user, unit_id: int) -> bool:
    """Staff or leader of one of the unit's compilers: they record rounds and opinions, compile petitions."""
    return access_for(user).can_edit_unit(unit_id, kinds=COMPILER_KINDS)


# The bodies that report the settling of petitions back to voters (Law on supervision, art. 33 and the
# Front's rules): they alone decide that a round's results are made public.
PUBLISHER_KINDS = (BodyKind.FRONT_BOARD, BodyKind.COUNCIL_STANDING)


def can_publish_results(user, unit_id: int) -> bool:
    """Staff or leader of the unit's Standing Committee or Front board."""
    return access_for(user).can_edit_unit(unit_id, kinds=PUBLISHER_KINDS)


def can_verify_petitions(user, unit_id: int) -> bool:
    return access_for(user).can_edit_unit(unit_id, kinds=VERIFIER_KINDS)


def _visible_in_units(queryset, user, unit_field: str):
    access = access_for(user)
    return queryset if access.is_superuser else queryset.filter(**{f"{unit_field}__in": access.unit_ids()})


def visible_rounds(user):
    rounds = VoterContactRound.objects.select_related(
        "organiser", "cooperating", "unit", "council_session__council"
    )
    return _visible_in_units(rounds, user, "unit_id")


def get_round_for_user(user, pk: int, *, need: Need = Need.VIEW) -> VoterContactRound:
    """CHANGE (meetings), COMPILE (its opinions into petitions: proposals, bulk decisions, the petition
    picker): ``can_compile``; PUBLISH (make the round's results public on the public pages, or withdraw
    them): ``can_publish_results``, the unit's Standing Committee or Front board only — a deliberate act of
    the bodies that report back to voters, not of every compiler."""
    round_ = visible_object(visible_rounds(user), pk)
    return authorize(round_, need, {
        Need.CHANGE: lambda: can_compile(user, round_.unit_id),
        Need.COMPILE: lambda: can_compile(user, round_.unit_id),
        Need.PUBLISH: lambda: can_publish_results(user, round_.unit_id),
    })


def get_meeting_for_user(user, pk: int, *, need: Need = Need.VIEW) -> VoterMeeting:
    """CHANGE (held, opinions): ``can_compile``."""
    meetings = _visible_in_units(
        VoterMeeting.objects.select_related("round", "place_unit"), user, "round__unit_id"
    )
    meeting = visible_object(meetings, pk)
    return authorize(meeting, need, {Need.CHANGE: lambda: can_compile(user, meeting.round.unit_id)})


def get_opinion_for_user(user, pk: int, *, need: Need = Need.VIEW) -> Opinion:
    """CHANGE (edit, delete): ``can_compile`` for the meeting's round; that the opinion is not compiled into a
    petition yet is the services' rule (``opinion_update``, ``opinion_delete``), refused with its message."""
    opinions = _visible_in_units(
        Opinion.objects.select_related("meeting__round", "petition"), user, "meeting__round__unit_id"
    )
    opinion = visible_object(opinions, pk)
    return authorize(opinion, need, {Need.CHANGE: lambda: can_compile(user, opinion.meeting.round.unit_id)})


def visible_petitions(user):
    return _visible_in_units(Petition.objects.all(), user, "unit_id")


def visible_petition_tallies(user):
    """The results report's rollup rows of the petitions ``visible_petitions`` lets ``user`` see (the same
    units)."""
    return _visible_in_units(PetitionTally.objects.all(), user, "unit_id")


def can_answer_petition(user, petition: Petition) -> bool:
    """Staff of the agency the petition was routed to."""
    return petition.agency_id is not None and access_for(user).can_edit_for_body(petition.agency_id)


def get_petition_for_user(user, pk: int, *, need: Need = Need.VIEW) -> Petition:
    """COMPILE (classify, route, merge): ``can_compile``; ANSWER: ``can_answer_petition``;
    VERIFY: ``can_verify_petitions``."""
    petition = visible_object(visible_petitions(user).select_related("round", "agency", "field", "unit"), pk)
    return authorize(petition, need, {
        Need.COMPILE: lambda: can_compile(user, petition.unit_id),
        Need.ANSWER: lambda: can_answer_petition(user, petition),
        Need.VERIFY: lambda: can_verify_petitions(user, petition.unit_id),
    })


def visible_receptions(user):
    return _visible_in_units(ReceptionDay.objects.select_related("host_body"), user, "host_body__unit_id")


def visible_visits(user):
    visits = ReceptionVisit.objects.select_related("reception__host_body")
    return _visible_in_units(visits, user, "reception__host_body__unit_id")


def can_change_reception(user, reception: ReceptionDay) -> bool:
    """Staff of the host body, or a compiler of its unit, log visits and replies."""
    return access_for(user).can_edit_for_body(reception.host_body_id) or can_compile(
        user, reception.host_body.unit_id
    )


def get_reception_for_user(user, pk: int, *, need: Need = Need.VIEW) -> ReceptionDay:
    """CHANGE: ``can_change_reception``."""
    reception = visible_object(visible_receptions(user), pk)
    return authorize(reception, need, {Need.CHANGE: lambda: can_change_reception(user, reception)})


def visible_letters(user):
    access = access_for(user)
    letters = Letter.objects.select_related("handling_body", "forwarded_to", "handler")
    return letters if access.is_superuser else letters.filter(handling_body_id__in=access.body_ids())


def get_letter_for_user(user, pk: int, *, need: Need = Need.VIEW) -> Letter:
    """CHANGE (accept, forward, close): staff of the handling body; MANAGE (assign the handler, grant or
    revoke who reads the denouncer's identity): a leader of the handling body (or an administrator)."""
    letter = visible_object(visible_letters(user), pk)
    access = access_for(user)
    return authorize(letter, need, {
        Need.CHANGE: lambda: access.can_edit_for_body(letter.handling_body_id),
        Need.MANAGE: lambda: access.is_leader_of(letter.handling_body_id),
    })


def can_view_identity(user, identity: DenouncerIdentity) -> bool:
    """The per-object grant only: neither a global permission nor superuser status opens it."""
    if not user.is_authenticated or not user.is_active:
        return False
    return get_objects_for_user(
        user, "voters.view_denounceridentity", klass=DenouncerIdentity.objects.filter(pk=identity.pk),
        accept_global_perms=False, with_superuser=False,
    ).exists()
