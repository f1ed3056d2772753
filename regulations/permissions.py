"""The one authorization door for regulations (ARCHITECTURE.md rule 3).

- Members of a unit's bodies (staff, leaders, viewers) read its regulations, drafts included;
  nobody outside the unit sees a draft. Regulations that were enacted are also readable by members
  of the units below (a commune compares itself with the province's regulation).
- Staff and leaders of a party body (or, for a new import, of one of the unit's four main bodies)
  create and edit drafts and confirm obligations.
- Only a leader of a party's body records that party's signature, and only leaders of its parties move
  a regulation along its lifecycle (negotiation, in force, expired, repealed).
"""

from django.db.models import Q

from coordination.models import MAIN_BODY_KINDS, AdministrativeUnit
from coordination.permissions import EDITOR_ROLES, Need, access_for, authorize, visible_object
from regulations.models import Article, Obligation, Party, Regulation


def visible_regulations(user):
    access = access_for(user)
    regulations = Regulation.objects.all()
    if access.is_superuser:
        return regulations
    units = access.unit_ids()
    return regulations.filter(
        Q(unit_id__in=units) | Q(unit__children__in=units, status__in=Regulation.ENACTED_STATUSES)
    ).distinct()


def can_change_regulation(user, regulation: Regulation) -> bool:
    """Staff or leader of one of the regulation's parties (``regulation.parties``, prefetched or not)."""
    access = access_for(user)
    return access.is_superuser or any(access.can_edit_for_body(p.body_id) for p in regulation.parties.all())


def can_move_regulation(user, regulation: Regulation) -> bool:
    """A leader of one of the regulation's parties changes its status (staff prepare, leaders decide)."""
    access = access_for(user)
    return access.is_superuser or any(access.is_leader_of(p.body_id) for p in regulation.parties.all())


def get_regulation_for_user(user, pk: int, *, need: Need = Need.VIEW) -> Regulation:
    """404 when the user may not know it exists; 403 unless CHANGE: ``can_change_regulation``,
    MOVE (along its lifecycle): ``can_move_regulation``."""
    regulations = visible_regulations(user).select_related("unit", "term", "supersedes", "based_on")
    regulation = visible_object(regulations, pk)
    return authorize(regulation, need, {
        Need.CHANGE: lambda: can_change_regulation(user, regulation),
        Need.MOVE: lambda: can_move_regulation(user, regulation),
    })


def units_for_import(user):
    """Units in which the user is staff or leader of one of the four main bodies."""
    access = access_for(user)
    units = AdministrativeUnit.objects.filter(valid_to__isnull=True)
    if access.is_superuser:
        return units
    return units.filter(pk__in=access.unit_ids(*EDITOR_ROLES, kinds=MAIN_BODY_KINDS))


def get_obligation_for_user(user, pk: int, *, need: Need = Need.VIEW) -> Obligation:
    """Seen with its regulation; CHANGE (confirm, edit): staff of one of the regulation's parties."""
    obligations = Obligation.objects.select_related("regulation", "article", "clause", "lead_body")
    obligation = visible_object(obligations.filter(regulation__in=visible_regulations(user)), pk)
    return authorize(obligation, need, {
        Need.CHANGE: lambda: can_change_regulation(user, obligation.regulation),
    })


def get_party_for_user(user, pk: int, *, need: Need = Need.VIEW) -> Party:
    """Seen with its regulation; SIGN (record its signature): only a leader of the party's own body."""
    parties = Party.objects.select_related("regulation", "body")
    party = visible_object(parties.filter(regulation__in=visible_regulations(user)), pk)
    return authorize(party, need, {Need.SIGN: lambda: access_for(user).is_leader_of(party.body_id)})


def get_article_for_user(user, pk: int, *, need: Need = Need.VIEW) -> Article:
    """Seen with its regulation; CHANGE (edit its text): staff of one of the regulation's parties."""
    articles = Article.objects.select_related("regulation").filter(regulation__in=visible_regulations(user))
    article = visible_object(articles, pk)
    return authorize(article, need, {Need.CHANGE: lambda: can_change_regulation(user, article.regulation)})
