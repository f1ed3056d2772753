"""The results report's rollup (``PetitionTally``, issue #16) equals a fresh count of the petitions after any
mix of writes: saves (the admin's too), ``QuerySet.update``, ``bulk_create``, deletes, raw SQL, merges, the
services.
PostgreSQL's triggers keep it; SQLite has none and the report counts the petitions there."""

from collections import Counter
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import BodyFactory
from tests.voters.factories import PetitionFactory, RoundFactory
from voters.models import Competence, Petition, PetitionField, PetitionStatus, PetitionTally, ResultCategory
from voters.queries import results_summary, tallies_kept
from voters.reports import results_scope
from voters.services import petition_answer, petition_merge, petition_route, petition_verify

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        "postgresql" not in django_settings.DATABASES["default"]["ENGINE"],
        reason="the rollup is kept by PostgreSQL triggers",
    ),
]

KEY = ("round_id", "unit_id", "field_id", "competence", "category", "status", "agency_id", "answered_on_time")


def fresh() -> Counter:
    """Each group of the petitions as counted now, straight from the table."""
    counts = Counter()
    for row in Petition.objects.values(*KEY, "answered_on"):
        counts[(*(row[k] for k in KEY), row["answered_on"] is not None)] += 1
    return counts


def kept() -> Counter:
    rows = PetitionTally.objects.exclude(n=0).values_list(*KEY, "answered", "n")
    return Counter({tuple(row[:-1]): row[-1] for row in rows})


def assert_in_step(rounds):
    assert not PetitionTally.objects.filter(n__lt=0).exists()
    assert kept() == fresh()
    for round_ in rounds:
        assert results_summary(PetitionTally.objects.filter(round=round_)) == results_summary(
            Petition.objects.filter(round=round_)
        )
    assert results_summary(PetitionTally.objects.all()) == results_summary(Petition.objects.all())


def _values(draw_from, data):
    fields, agencies = draw_from
    answered = data.draw(st.booleans())
    return {
        "field": data.draw(st.sampled_from(fields)),
        "agency": data.draw(st.sampled_from(agencies)),
        "competence": data.draw(st.sampled_from([*Competence.values, ""])),
        "category": data.draw(st.sampled_from([*ResultCategory.values, ""])),
        "status": data.draw(st.sampled_from(PetitionStatus.values)),
        "answered_on": timezone.localdate() - timedelta(days=1) if answered else None,
        "answered_on_time": data.draw(st.sampled_from([True, False, None])) if answered else None,
    }


OPERATIONS = ["create", "save", "update", "bulk_create", "delete", "raw", "move", "merge"]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_rollup_equals_a_fresh_count_after_any_writes(province, data):
    rounds = [RoundFactory(organiser=province.front, unit=province.unit) for _ in range(2)]
    choices = (
        list(PetitionField.objects.all()[:3]) + [None],
        [province.agency, province.other_agency, BodyFactory(unit=province.unit, kind="agency"), None],
    )
    for _ in range(3):
        PetitionFactory(
            round=data.draw(st.sampled_from(rounds)), unit=province.unit, **_values(choices, data)
        )
    for op in data.draw(st.lists(st.sampled_from(OPERATIONS), min_size=1, max_size=8)):
        petitions = list(Petition.objects.filter(round__in=rounds).order_by("pk"))
        some = data.draw(st.sampled_from(petitions)) if petitions else None
        if op == "create" or some is None:
            PetitionFactory(
                round=data.draw(st.sampled_from(rounds)), unit=province.unit, **_values(choices, data)
            )
        elif op == "save":
            for name, value in _values(choices, data).items():
                if data.draw(st.booleans()):
                    setattr(some, name, value)
            some.answer_text = "đã trả lời"  # a column the report does not count changes too
            some.save()
        elif op == "update":
            chosen = data.draw(st.lists(st.sampled_from(petitions), min_size=1, unique=True))
            values = _values(choices, data)
            names = data.draw(st.lists(st.sampled_from(sorted(values)), max_size=3, unique=True))
            Petition.objects.filter(pk__in=[p.pk for p in chosen]).update(
                due_on=timezone.localdate(), **{n: values[n] for n in names}
            )
        elif op == "bulk_create":
            round_ = data.draw(st.sampled_from(rounds))
            start = 1000 + Petition.objects.count() * 10
            Petition.objects.bulk_create(
                Petition(round=round_, unit=province.unit, number=start + i, title=f"KN {i}",
                         **_values(choices, data))
                for i in range(data.draw(st.integers(1, 4)))
            )
        elif op == "delete":
            # A petition others were merged into is protected (Petition.merged_into): the site refuses too.
            if not Petition.objects.filter(merged_into=some).exists():
                some.delete()
        elif op == "raw":
            with connection.cursor() as cursor:
                cursor.execute("UPDATE voters_petition SET status = %s, category = %s WHERE id = %s",
                               [data.draw(st.sampled_from(PetitionStatus.values)), "resolved", some.pk])
        elif op == "move":
            Petition.objects.filter(pk=some.pk).update(round=data.draw(st.sampled_from(rounds)))
        elif op == "merge":
            others = [p for p in petitions if p.round_id == some.round_id and p.pk != some.pk]
            if others:
                target = data.draw(st.sampled_from(others))
                Petition.objects.filter(pk__in=[some.pk, target.pk]).update(status=PetitionStatus.FORWARDED)
                some.refresh_from_db()
                target.refresh_from_db()
                petition_merge(source=some, target=target)
    assert_in_step(rounds)


def test_the_services_keep_the_rollup_in_step(province):
    """Route, answer, verify (a reopening), merge: the paths a petition takes through the site."""
    round_ = RoundFactory(organiser=province.front, unit=province.unit)
    first, second, third = (PetitionFactory(round=round_, unit=province.unit) for _ in range(3))
    field = PetitionField.objects.first()
    received = timezone.localdate() - timedelta(days=10)
    for petition in (first, second):
        petition_route(petition=petition, field=field, competence=Competence.PROVINCE, agency=province.agency,
                       received_on=received)
    assert_in_step([round_])
    petition_answer(petition=first, category=ResultCategory.RESOLVED, answer_text="Đã sửa xong",
                    answered_on=timezone.localdate())
    assert_in_step([round_])
    petition_verify(petition=first, satisfactory=False, note="Chưa sửa hết đoạn đường")
    assert_in_step([round_])
    petition_merge(source=third, target=second)
    assert_in_step([round_])
    summary = results_summary(PetitionTally.objects.filter(round=round_))
    assert summary.total == 2
    # the reopened petition's answer was superseded: owed again, answered by no one, resolved nowhere
    assert (summary.agencies[0]["answered"], summary.agencies[0]["owed"]) == (0, 2)
    assert dict(summary.by_category)["Đã giải quyết xong"] == 0


def test_the_report_reads_the_rollup_through_the_same_door(province, staff_a, outsider):
    round_ = RoundFactory(organiser=province.front, unit=province.unit)
    PetitionFactory(round=round_, unit=province.unit, status=PetitionStatus.FORWARDED, agency=province.agency)
    assert tallies_kept()
    rows, _label, _unit = results_scope(staff_a, round_id=str(round_.pk))
    assert rows.model is PetitionTally
    assert results_summary(rows).total == 1
    everything, _label, _unit = results_scope(outsider)
    assert results_summary(everything).total == 0  # another province's users count none of these
