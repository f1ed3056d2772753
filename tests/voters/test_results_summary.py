"""The results report's figures come from one GROUP BY folded in Python (issue #16: six aggregates read the
whole table six times); they must equal what each dimension counted on its own gives, exactly."""

import random
from collections import Counter
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from coordination.providers import collect_figures
from tests.factories import BodyFactory
from tests.voters.factories import PetitionFactory, RoundFactory
from voters.models import (
    OWED_STATUSES,
    Competence,
    Petition,
    PetitionField,
    PetitionStatus,
    ResultCategory,
)
from voters.queries import results_summary
from voters.services import petition_answer, petition_route, petition_verify

pytestmark = pytest.mark.django_db


def test_the_one_pass_figures_equal_each_dimension_counted_alone(province):
    rng = random.Random(16)
    round_ = RoundFactory(organiser=province.front, unit=province.unit)
    agencies = [province.agency, province.other_agency, BodyFactory(unit=province.unit, kind="agency")]
    fields = list(PetitionField.objects.all()[:4]) + [None]
    answered_day = timezone.localdate() - timedelta(days=1)
    for _ in range(60):
        answered = rng.random() < 0.5
        PetitionFactory(
            round=round_,
            unit=province.unit,
            field=rng.choice(fields),
            agency=rng.choice(agencies + [None]),
            competence=rng.choice([*Competence.values, ""]),
            category=rng.choice([*ResultCategory.values, ""]),
            status=rng.choice(PetitionStatus.values),
            answered_on=answered_day if answered else None,
            answered_on_time=rng.choice([True, False]) if answered else None,
        )
    summary = results_summary(Petition.objects.filter(round=round_))

    counted = [p for p in Petition.objects.filter(round=round_) if p.status != PetitionStatus.MERGED]
    assert summary.total == len(counted)
    by_field = Counter(p.field.name if p.field else "Chưa phân loại" for p in counted)
    assert summary.by_field == sorted(by_field.items(), key=lambda item: (-item[1], item[0]))
    assert dict(summary.by_competence) == Counter(
        str(Competence(p.competence).label) if p.competence else "Chưa xác định" for p in counted
    )
    # a reopened petition's answer no longer stands: it counts under no category, as not answered
    standing = [p for p in counted if p.status != PetitionStatus.REOPENED]
    categories = Counter(p.category for p in standing)
    assert summary.by_category == [(str(label), categories[value]) for value, label in ResultCategory.choices]
    statuses = Counter(p.status for p in counted)
    assert summary.by_status == [(str(PetitionStatus(s).label), statuses[s]) for s in sorted(statuses)]
    expected_agencies = []
    for agency in sorted({p.agency for p in counted if p.agency}, key=lambda a: a.name):
        mine = [p for p in counted if p.agency == agency]
        answered = sum(p.answered_on is not None for p in mine if p in standing)
        on_time = sum(p.answered_on_time is True for p in mine if p in standing)
        expected_agencies.append({
            "name": agency.name, "total": len(mine), "answered": answered, "on_time": on_time,
            "owed": sum(p.status in OWED_STATUSES for p in mine),
            "rate": round(100 * on_time / answered) if answered else None,
        })
    assert summary.agencies == expected_agencies


@pytest.mark.parametrize("petitions", [1, 50])
def test_the_results_page_runs_the_same_queries_for_1_and_50_petitions(
    province, staff_a, login, petitions, django_assert_max_num_queries
):
    """Issue #16: the figures come from the rollup on PostgreSQL (the petitions on SQLite) in one query,
    whatever the number of petitions or of their groups."""
    round_ = RoundFactory(organiser=province.front, unit=province.unit)
    fields = list(PetitionField.objects.all()[:5])
    for i in range(petitions):
        PetitionFactory(round=round_, unit=province.unit, field=fields[i % len(fields)],
                        agency=[province.agency, province.other_agency][i % 2],
                        status=PetitionStatus.values[i % len(PetitionStatus.values)])
    client = login(staff_a)
    url = reverse("voters:results")
    client.get(url, {"round": round_.pk})  # the session and the user's memberships, once
    with django_assert_max_num_queries(12):
        response = client.get(url, {"round": round_.pk})
    assert response.status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_a_reopened_petition_counts_as_owed_not_as_resolved(province, staff_a, login):
    """Answered "resolved", then judged unsatisfactory: the report and the dashboard show it owed again."""
    round_ = RoundFactory(organiser=province.front, unit=province.unit)
    petitions = [PetitionFactory(round=round_, unit=province.unit) for _ in range(2)]
    for petition in petitions:
        petition_route(petition=petition, field=PetitionField.objects.first(), competence=Competence.PROVINCE,
                       agency=province.agency, received_on=timezone.localdate() - timedelta(days=5))
        petition_answer(petition=petition, category=ResultCategory.RESOLVED, answer_text="Đã sửa xong",
                        answered_on=timezone.localdate())
    petition_verify(petition=petitions[0], satisfactory=False, note="Chưa sửa hết đoạn đường")

    client = login(staff_a)
    summary = client.get(reverse("voters:results"), {"round": round_.pk}).context["summary"]
    assert dict(summary.by_category)["Đã giải quyết xong"] == 1
    (agency,) = summary.agencies
    assert (agency["total"], agency["answered"], agency["owed"], agency["rate"]) == (2, 1, 1, 100)
    figures = collect_figures(unit_ids={province.unit.pk}, start=round_.starts_on - timedelta(days=365),
                              end=round_.ends_on + timedelta(days=365))
    figure = next(f for f in figures if f.key == "petitions_by_category")
    assert dict(figure.breakdown)["Đã giải quyết xong"] == 1
