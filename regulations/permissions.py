"""The one authorization door for regulations (ARCHITECTURE.md rule 3).

- Members of a unit's bodies (staff, leaders, viewers) read its regulations, drafts included;
  nobody outside the unit sees a draft. Regulations that were enacted are also readable by members
  of the units below (a commune compares itself with the province's regulation).
- Staff and leaders of a party body (or, for a new import, of one of the unit's four main bodies)
  create and edit drafts and confirm obligations.
- Only a leader of a party's body records that party's signature, and only leaders of its parties move
  a regulation along its lifecycle (negotiation, in force, expired, repealed).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from coordination.models import MAIN_BODY_KINDS, AdministrativeUnit, Body
from coordination.permissions import access_for
from regulations.models import Obligation, Party, Regulation


def visible_regulations(user):
    access = access_for(user)
    regulations = Regulation.objects.all()
    if access.is_superuser:
        return regulations
    units = access.unit_ids()
    return regulations.filter(
        Q(unit_id__in=units) | Q(unit__children__in=units, status__in=Regulation.ENACTED_STATUSES)
    ).distinct()


def can_edit_regulation(user, regulation: Regulation, parties=None) -> bool:
    """Staff or leader of one of the regulation's parties (``parties``: the caller's list, to save a query)."""
    access = access_for(user)
    parties = regulation.parties.all() if parties is None else parties
    return access.is_superuser or any(access.can_edit_for_body(p.body_id) for p in parties)


def can_move_regulation(user, regulation: Regulation, parties=None) -> bool:
    """A leader of one of the regulation's parties changes its status (staff prepare, leaders decide)."""
    access = access_for(user)
    parties = regulation.parties.all() if parties is None else parties
    return access.is_superuser or any(access.is_leader_of(p.body_id) for p in parties)


def get_regulation_for_transition(user, pk: int) -> Regulation:
    """404 when the user may not know it exists; 403 unless they lead one of its parties."""
    regulation = get_regulation_for_user(user, pk)
    if not can_move_regulation(user, regulation):
        raise PermissionDenied
    return regulation


def get_regulation_for_user(user, pk: int, *, change: bool = False) -> Regulation:
    """404 when the user may not know it exists; 403 when ``change`` and they are not staff of a party."""
    try:
        regulation = visible_regulations(user).select_related("unit", "term", "supersedes", "based_on").get(pk=pk)
    except Regulation.DoesNotExist:
        raise Http404 from None
    if change and not can_edit_regulation(user, regulation):
        raise PermissionDenied
    return regulation


def units_for_import(user):
    """Units in which the user is staff or leader of one of the four main bodies."""
    access = access_for(user)
    units = AdministrativeUnit.objects.filter(valid_to__isnull=True)
    if access.is_superuser:
        return units
    body_ids = access.editor_body_ids
    return units.filter(bodies__in=Body.objects.filter(pk__in=body_ids, kind__in=MAIN_BODY_KINDS)).distinct()


def get_obligation_for_user(user, pk: int, *, change: bool = False) -> Obligation:
    try:
        obligation = Obligation.objects.select_related("regulation", "article", "clause", "lead_body").get(
            pk=pk, regulation__in=visible_regulations(user)
        )
    except Obligation.DoesNotExist:
        raise Http404 from None
    if change and not can_edit_regulation(user, obligation.regulation):
        raise PermissionDenied
    return obligation


def get_party_for_signing(user, pk: int) -> Party:
    """Only a leader of the party's own body records its signature."""
    try:
        party = Party.objects.select_related("regulation", "body").get(pk=pk, regulation__in=visible_regulations(user))
    except Party.DoesNotExist:
        raise Http404 from None
    if not access_for(user).is_leader_of(party.body_id):
        raise PermissionDenied
    return party


def get_article_for_user(user, pk: int, *, change: bool = False):
    from regulations.models import Article

    try:
        article = Article.objects.select_related("regulation").get(pk=pk, regulation__in=visible_regulations(user))
    except Article.DoesNotExist:
        raise Http404 from None
    if change and not can_edit_regulation(user, article.regulation):
        raise PermissionDenied
    return article
