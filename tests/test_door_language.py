"""Every authorization door speaks one language (CONTRIBUTING.md, "authorization")."""

import importlib
import inspect

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from coordination.permissions import Need
from tests.voters.factories import PetitionFactory
from voters.permissions import get_petition_for_user

APPS = ("coordination", "regulations", "sessions", "voters", "plans")


def _functions(prefix: str = ""):
    for app in APPS:
        module = importlib.import_module(f"{app}.permissions")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if (
                function.__module__ == module.__name__
                and not name.startswith("_")
                and name.startswith(prefix)
            ):
                yield pytest.param(function, id=f"{app}.{name}")


@pytest.mark.parametrize("door", list(_functions("get_")))
def test_every_door_is_get_thing_for_user_of_user_pk_and_a_need(door):
    parameters = list(inspect.signature(door).parameters.values())
    assert door.__name__.endswith("_for_user")
    assert [p.name for p in parameters] == ["user", "pk", "need"]
    assert parameters[2].kind is inspect.Parameter.KEYWORD_ONLY and parameters[2].default is Need.VIEW


@pytest.mark.parametrize("function", list(_functions()))
def test_every_yes_or_no_question_is_named_can_verb(function):
    if inspect.signature(function).return_annotation in (bool, "bool"):
        assert function.__name__.startswith("can_")


@pytest.fixture
def routed_petition(province):
    return PetitionFactory(round__organiser=province.front, agency=province.agency)


def test_the_petition_comes_back_with_what_each_user_may_do(
    routed_petition, staff_a, agency_officer, viewer, django_assert_num_queries
):
    for_agency = get_petition_for_user(agency_officer, routed_petition.pk, need=Need.ANSWER)
    assert (for_agency.can.answer, for_agency.can.compile, for_agency.can.verify) == (True, False, False)
    for_standing = get_petition_for_user(staff_a, routed_petition.pk)
    assert (for_standing.can.answer, for_standing.can.compile, for_standing.can.verify) == (False, True, True)
    with django_assert_num_queries(0):  # decided once, read as often as the page likes
        assert for_standing.can[Need.COMPILE] and for_standing.can["verify"] and for_standing.can.view
    with pytest.raises(PermissionDenied):
        get_petition_for_user(viewer, routed_petition.pk, need=Need.COMPILE)


def test_a_user_of_another_province_does_not_learn_the_petition_exists(routed_petition, outsider):
    with pytest.raises(Http404):
        get_petition_for_user(outsider, routed_petition.pk, need=Need.VIEW)


def test_asking_a_door_for_a_need_it_does_not_decide_is_a_mistake_not_a_refusal(routed_petition, staff_a):
    with pytest.raises(KeyError):
        get_petition_for_user(staff_a, routed_petition.pk, need=Need.SIGN)
