"""Read-side queries shared by views, reports, providers and the benchmark."""

import re
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.postgres.search import TrigramSimilarity
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Q, Sum, Value
from django.db.models.functions import StrIndex

from coordination.listing import search_words
from coordination.models import Body
from coordination.text import fold
from voters.models import (
    ANSWER_SUPERSEDED,
    OWED_STATUSES,
    Competence,
    HistoricalOpinion,
    Petition,
    PetitionField,
    PetitionStatus,
    PetitionTally,
    ResultCategory,
    VoterContactRound,
    VoterMeeting,
)

SIMILARITY_THRESHOLD = 0.3
# An opinion is proposed as a duplicate of another opinion or of a petition from this similarity up (pg_trgm's
# measure on the folded text, the same on SQLite): wordings that differ by punctuation, case, diacritics or a
# couple of words score 0.6 to 1; two requests on different subjects that share "đề nghị … xã" about 0.3.
PROPOSAL_THRESHOLD = 0.5
# Words as pg_trgm reads them: runs of letters and digits; punctuation separates words and is dropped.
_WORD = re.compile(r"[^\W_]+")


def trigrams(text: str) -> set[str]:
    """pg_trgm's trigrams of the folded text: each word padded with two spaces before and one after."""
    grams: set[str] = set()
    for word in _WORD.findall(fold(text)):
        padded = f"  {word} "
        grams.update(padded[i:i + 3] for i in range(len(padded) - 2))
    return grams


def trigram_similarity(a: str, b: str) -> float:
    """Jaccard similarity of trigram sets, which is what pg_trgm's similarity() computes."""
    return _jaccard(trigrams(a), trigrams(b))


def _jaccard(left: set[str], right: set[str]) -> float:
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)


def similar_in_batch(*, texts: dict[int, str], candidates, limit: int = 3,
                     threshold: float = PROPOSAL_THRESHOLD, skip_self: bool = False
                     ) -> dict[int, list[tuple[object, float]]]:
    """For each of ``texts`` (key → text), the rows of ``candidates`` (with a ``search_text``) at least
    ``threshold`` similar, best first, at most ``limit``; with ``skip_self`` (texts of the candidates' own
    rows) the row whose pk is the key is left out.

    PostgreSQL ranks the whole batch in the database with pg_trgm (one query, ranking within each text);
    elsewhere the candidates are read once for the whole batch and compared in Python with the same measure.
    """
    if not texts:
        return {}
    if connection.vendor == "postgresql":
        return _similar_in_batch_pg(texts, candidates, limit=limit, threshold=threshold, skip_self=skip_self)
    rows = [(row, trigrams(row.search_text)) for row in candidates]
    found = {}
    for key, text in texts.items():
        grams = trigrams(text)
        scored = [(row, _jaccard(grams, other)) for row, other in rows
                  if not (skip_self and row.pk == key)]
        scored = [(r, s) for r, s in scored if s >= threshold]
        found[key] = sorted(scored, key=lambda pair: (-pair[1], pair[0].pk))[:limit]
    return found


def similar_petitions(*, text: str, candidates, limit: int = 3, threshold: float = SIMILARITY_THRESHOLD):
    """The petitions among ``candidates`` whose wording is closest to ``text`` (no diacritics), best first.

    PostgreSQL ranks with pg_trgm in the database; SQLite computes the same measure in Python.
    Returns ``[(petition, score), …]``.
    """
    folded = fold(text)
    if connection.vendor == "postgresql":
        rows = (
            candidates.annotate(similarity=TrigramSimilarity("search_text", folded))
            .filter(similarity__gte=threshold)
            .order_by("-similarity", "id")[:limit]
        )
        return [(p, float(p.similarity)) for p in rows]
    scored = [(p, trigram_similarity(folded, p.search_text)) for p in candidates]
    scored = [(p, s) for p, s in scored if s >= threshold]
    scored.sort(key=lambda pair: (-pair[1], pair[0].pk))
    return scored[:limit]


def _similar_in_batch_pg(texts, candidates, *, limit, threshold, skip_self):
    inner, params = candidates.order_by().values("id", "search_text").query.sql_with_params()
    skip = "AND c.id <> t.key" if skip_self else ""
    sql = f"""
        SELECT key, id, score FROM (
            SELECT t.key, c.id, similarity(c.search_text, t.text) AS score,
                   row_number() OVER (
                       PARTITION BY t.key ORDER BY similarity(c.search_text, t.text) DESC, c.id
                   ) AS rank
            FROM unnest(%s::bigint[], %s::text[]) AS t(key, text)
            JOIN ({inner}) AS c ON similarity(c.search_text, t.text) >= %s {skip}
        ) AS ranked
        WHERE rank <= %s
        ORDER BY key, score DESC, id
    """  # noqa: S608 (the inner query is the ORM's, with its own parameters)
    keys = list(texts)
    with connection.cursor() as cursor:
        cursor.execute(sql, [keys, [fold(texts[k]) for k in keys], *params, threshold, limit])
        ranked = cursor.fetchall()
    rows = candidates.in_bulk({pk for _, pk, _ in ranked})
    found = {key: [] for key in keys}
    for key, pk, score in ranked:
        found[key].append((rows[pk], float(score)))
    return found


def search_in_order(queryset, query: str, field: str = "search_text"):
    """The rows of ``search_filter`` with every word tested by ``strpos`` instead of ``LIKE``.

    Same rows (a word is a substring of the folded text either way), but the trigram index cannot serve
    it and PostgreSQL estimates each word as common, so it walks the ordering index and stops at the
    page's LIMIT instead of fetching every match and sorting them. Only worth it when matches are many.
    """
    for n, word in enumerate(search_words(query)):
        queryset = queryset.alias(**{f"_word_{n}": StrIndex(field, Value(word))}).filter(
            **{f"_word_{n}__gt": 0}
        )
    return queryset


def mention_places(petition: Petition) -> list[str]:
    """Where the petition was raised, one entry per source meeting (merging keeps all of them)."""
    return sorted({o.meeting.address for o in petition.opinions.all()})


@dataclass
class ResultsSummary:
    total: int = 0
    by_field: list[tuple[str, int]] = field(default_factory=list)
    by_competence: list[tuple[str, int]] = field(default_factory=list)
    by_category: list[tuple[str, int]] = field(default_factory=list)
    by_status: list[tuple[str, int]] = field(default_factory=list)
    agencies: list[dict] = field(default_factory=list)  # name, total, answered, on_time, rate


def tallies_kept() -> bool:
    """Whether ``PetitionTally`` is kept in step with the petitions (PostgreSQL's triggers, migration
    0018)."""
    return connection.vendor == "postgresql"


def round_petition_count(round_: VoterContactRound) -> int:
    """How many petitions the round compiled, the merged ones left out: summed from its rollup where that is
    kept (a few rows; counting a round's 50,000 petitions took 8 ms at 1,000,000), else counted."""
    if tallies_kept():
        tallies = PetitionTally.objects.filter(round=round_).exclude(status=PetitionStatus.MERGED)
        return tallies.aggregate(n=Sum("n"))["n"] or 0
    return round_.petitions.exclude(status=PetitionStatus.MERGED).count()


def results_summary(rows) -> ResultsSummary:
    """Counts by field, competence, category, status (how far each got: awaiting an answer, awaiting
    verification, satisfactory, reopened) and agency, and each agency's on-time rate; by the answers that
    stand (a reopened petition's superseded answer counts under no category, as not answered).

    ``rows`` are petitions or their rollup (``PetitionTally``, ``voters.reports.results_scope``): one GROUP BY
    on every dimension at once (a few thousand groups at most), folded here. Over the petitions that reads
    each of them (0.6 s at 1,000,000); over the rollup a few hundred rows (issue #16).
    """
    if rows.model is PetitionTally:
        rows = rows.filter(n__gt=0)  # a group whose petitions all moved away or went
        counted = {"count": Sum("n"), "answered_count": Sum("n", filter=Q(answered=True))}
    else:
        counted = {"count": Count("id"), "answered_count": Count("id", filter=Q(answered_on__isnull=False))}
    groups = list(
        rows.exclude(status=PetitionStatus.MERGED)
        .order_by()
        .values("field_id", "competence", "category", "status", "agency_id", "answered_on_time")
        .annotate(**counted)
    )
    for g in groups:
        if g["status"] == ANSWER_SUPERSEDED:
            g.update(category="", answered_count=0, answered_on_time=None)
    summary = ResultsSummary(total=sum(g["count"] for g in groups))
    by = {name: Counter() for name in ("field_id", "competence", "category", "status")}
    agencies: dict[int, Counter] = {}
    for g in groups:
        for name, counts in by.items():
            counts[g[name]] += g["count"]
        if g["agency_id"] is not None:
            agency = agencies.setdefault(g["agency_id"], Counter())
            agency["total"] += g["count"]
            agency["answered"] += g["answered_count"] or 0
            agency["on_time"] += g["count"] if g["answered_on_time"] is True else 0
            agency["owed"] += g["count"] if g["status"] in OWED_STATUSES else 0
    field_names = dict(PetitionField.objects.filter(pk__in=by["field_id"].keys()).values_list("pk", "name"))
    summary.by_field = sorted(
        ((field_names.get(pk) or "Chưa phân loại", n) for pk, n in by["field_id"].items()),
        key=lambda item: (-item[1], item[0]),
    )
    competence_labels = dict(Competence.choices)
    summary.by_competence = sorted(
        ((str(competence_labels.get(value, "Chưa xác định")), n) for value, n in by["competence"].items()),
        key=lambda item: (-item[1], item[0]),
    )
    summary.by_category = [
        (str(label), by["category"].get(value, 0)) for value, label in ResultCategory.choices
    ]
    status_labels = dict(PetitionStatus.choices)
    summary.by_status = [(str(status_labels[value]), by["status"][value]) for value in sorted(by["status"])]
    agency_names = dict(Body.objects.filter(pk__in=agencies.keys()).values_list("pk", "name"))
    for pk, counts in sorted(agencies.items(), key=lambda item: agency_names[item[0]]):
        summary.agencies.append(
            {
                "name": agency_names[pk],
                "total": counts["total"],
                "answered": counts["answered"],
                "on_time": counts["on_time"],
                "owed": counts["owed"],
                "rate": round(100 * counts["on_time"] / counts["answered"]) if counts["answered"] else None,
            }
        )
    return summary


@dataclass(frozen=True)
class OpinionChange:
    """One correction or deletion of an opinion, as its history recorded it."""

    record: HistoricalOpinion  # when, by whom (``history_date``, ``history_user``)
    deleted: bool
    before: str  # "content — voter"
    after: str  # "" for a deletion


def opinion_changes(meeting: VoterMeeting, *, limit: int = 30) -> list[OpinionChange]:
    """The latest corrections and deletions of the meeting's opinions, newest first, each with the text before
    and after (two queries). Saves that changed neither the text nor the voter (compiling, merging) are left
    out: the opinion's link to its petition shows those."""
    records = list(
        HistoricalOpinion.objects.filter(meeting_id=meeting.pk, history_type__in=("~", "-"))
        .select_related("history_user")
        .order_by("-history_id")[:limit * 10]
    )
    versions: dict[int, list[tuple[int, str, str]]] = {}
    for opinion_id, *version in (
        HistoricalOpinion.objects.filter(id__in={r.id for r in records}).exclude(history_type="-")
        .order_by("history_id").values_list("id", "history_id", "content", "raised_by")
    ):
        versions.setdefault(opinion_id, []).append(tuple(version))
    found = []
    for record in records:
        earlier = [v for v in versions.get(record.id, []) if v[0] < record.history_id]
        before = _said(*earlier[-1][1:]) if earlier else _said(record.content, record.raised_by)
        deleted = record.history_type == "-"
        after = "" if deleted else _said(record.content, record.raised_by)
        if deleted or before != after:
            found.append(OpinionChange(record=record, deleted=deleted, before=before, after=after))
    return found[:limit]


def _said(content: str, raised_by: str) -> str:
    return f"{content} — {raised_by}" if raised_by else content


# --- The public pages (/cong-khai/): what anyone may read, without signing in -------------------------
# Only rounds whose results the Standing Committee or the Front published (services.round_results_publish),
# and of their petitions only what the results report tells voters: never who raised an opinion, the
# meetings' deputies, letters or reception visits.

PUBLIC_CACHE_VERSION_KEY = "public:version"

# A petition's public code: the round's number and the petition's number in it, "12-3". The petition's
# number (số thứ tự) is unique only within its round, so the round is part of the code.
PUBLIC_CODE_SEPARATOR = "-"


def public_pages_changed() -> None:
    """Every cached public page is stale (a round was published or withdrawn): a new cache version."""
    try:
        cache.incr(PUBLIC_CACHE_VERSION_KEY)
    except ValueError:
        cache.set(PUBLIC_CACHE_VERSION_KEY, 2, None)


def published_rounds():
    return VoterContactRound.objects.filter(results_published_at__isnull=False).select_related(
        "unit", "organiser", "council_session__council"
    )


def published_petitions(round_ids: list[int] | None = None):
    """Petitions of published rounds, merged ones left out (their opinions live on in the one they joined).
    ``round_ids``: the published rounds' ids when the caller has read them (``published_rounds()``): the rows
    are then those rounds' by ``round_id IN``, with no join, so that a count stopped by a LIMIT stops early
    (PostgreSQL hashed every match of a search to join them to the rounds)."""
    if round_ids is not None:
        rows = Petition.objects.filter(round_id__in=round_ids)
    else:
        rows = Petition.objects.filter(round__results_published_at__isnull=False)
    return (
        rows
        .exclude(status=PetitionStatus.MERGED)
        .select_related("round", "unit", "field", "agency")
    )


def public_code(petition) -> str:
    return f"{petition.round_id}{PUBLIC_CODE_SEPARATOR}{petition.number}"


def parse_public_code(text: str) -> tuple[int, int] | None:
    """"12-3", "KN 12-3", "12/3", "12.3" → (12, 3); anything else → None."""
    match = re.fullmatch(r"\s*(?:kn\s*)?(\d{1,9})\s*[-/.\s]\s*(\d{1,9})\s*", fold(text or ""))
    return (int(match.group(1)), int(match.group(2))) if match else None
