"""A register's cell for a choice field ("get_status_display") reads its label from a table kept per language:
the same text as Django's get_FOO_display, for every choice of every model, in every language."""

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation

from coordination.listing import Column, choice_label
from voters.models import Petition, PetitionStatus

PROJECT_APPS = ("coordination", "regulations", "council_sessions", "voters")


def choice_fields():
    for app in PROJECT_APPS:
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.concrete_fields:
                if field.choices:
                    yield model, field


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_every_choice_label_is_the_one_django_shows(language):
    checked = 0
    with translation.override(language):
        for model, field in choice_fields():
            for value, _label in field.flatchoices:
                obj = model(**{field.attname: value})
                django_label = getattr(obj, f"get_{field.name}_display")()
                assert choice_label(obj, field.name) == django_label, (model, field.name, value)
                assert Column("", f"get_{field.name}_display").display(obj) == str(django_label)
                checked += 1
    assert checked > 50  # every app's statuses and kinds were compared


def test_a_value_outside_the_choices_shows_as_itself_and_none_as_a_dash():
    assert choice_label(Petition(status="lost"), "status") == "lost"
    assert Column("", "get_status_display").display(Petition(status=None)) == "—"


def test_the_label_follows_the_language_of_the_request():
    petition = Petition(status=PetitionStatus.FORWARDED)
    with translation.override("vi"):
        vietnamese = Column("", "get_status_display").display(petition)
    with translation.override("en"):
        english = Column("", "get_status_display").display(petition)
    assert vietnamese == "Đã chuyển, chờ trả lời"
    assert english == "Forwarded, awaiting answer"


def test_a_method_named_like_a_display_of_no_choice_field_is_called():
    class Row:
        _meta = Petition._meta

        def get_title_display(self):
            return "called"

    assert Column("", "get_title_display").display(Row()) == "called"
