"""The project's form renderer writes a select, a label and an empty error list to the bytes Django's
templates write (a person sees the same page, faster), and a model select's options cost one plain query."""

from datetime import date

import pytest
from django import forms
from django.db import connection
from django.forms.renderers import DjangoTemplates
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.safestring import mark_safe

from coordination.form_renderer import FormRenderer, ModelChoiceField, ModelMultipleChoiceField
from coordination.models import Body


class Everything(forms.Form):
    plain = forms.ChoiceField(choices=[("", "Tất cả"), ("a", "A & <b>"), (1, "Một")], required=False)
    grouped = forms.ChoiceField(
        choices=[("Nhóm «1»", [("x", "X"), ("y", "Y")]), ("z", "Z"), ("Nhóm 2", [(date(2027, 1, 20), 2027)])],
        widget=forms.Select(attrs={"class": "wide", "data-x": '"quoted"', "disabled": True, "hidden": False}),
    )
    many = forms.MultipleChoiceField(choices=[("a", "A"), ("b", mark_safe("<em>B</em>"))], required=False)
    number = forms.IntegerField(label="Số <cử tri>", required=False)
    radio = forms.ChoiceField(choices=[("1", "Có"), ("0", "Không")], widget=forms.RadioSelect, required=False)


def rendered(form_class, data, renderer):
    form = form_class(data, renderer=renderer, auto_id="id_%s")
    form.is_valid()
    return [
        (str(bound), bound.label_tag(), str(bound.errors), bound.legend_tag()) for bound in form
    ] + [str(form)]


@pytest.mark.parametrize("data", [None, {"plain": "a", "grouped": "y", "many": ["a", "b"], "number": "x"},
                                  {"grouped": "2027-01-20", "plain": "1", "radio": "0"}])
@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_form_reads_the_same_as_with_django_templates(data, language):
    with translation.override(language):
        assert rendered(Everything, data, FormRenderer()) == rendered(Everything, data, DjangoTemplates())


def test_a_select_in_the_page_is_the_one_django_would_write():
    widget = forms.Select(choices=[("", "Tất cả"), ("a", "A<b>")])
    html = widget.render("x", "a", renderer=FormRenderer())
    assert html == widget.render("x", "a", renderer=DjangoTemplates())
    assert '<option value="a" selected>A&lt;b&gt;</option>' in html


@pytest.mark.django_db
def test_a_model_select_reads_its_options_in_one_plain_query(province):
    class Choose(forms.Form):
        body = ModelChoiceField(queryset=Body.objects.order_by("name"))
        bodies = ModelMultipleChoiceField(queryset=Body.objects.order_by("name"), required=False)

    form = Choose(renderer=FormRenderer())
    with CaptureQueriesContext(connection) as captured:
        html = str(form["body"]) + str(form["bodies"])
    assert len(captured) == 2
    assert not any("DECLARE" in q["sql"] for q in captured.captured_queries)  # no server-side cursor
    assert f'<option value="{province.agency.pk}">Sở NN&amp;MT</option>' in html
    assert html == str(Choose(renderer=DjangoTemplates())["body"]) + str(
        Choose(renderer=DjangoTemplates())["bodies"]
    )


@pytest.mark.django_db
def test_a_model_select_checks_the_choice_against_the_options_it_shows(province, other_province):
    class Choose(forms.Form):
        body = ModelChoiceField(queryset=Body.objects.filter(unit=province.unit).order_by("name"))

    with CaptureQueriesContext(connection) as captured:
        form = Choose({"body": str(province.agency.pk)})
        assert form.is_valid()
        str(form["body"])
    assert form.cleaned_data["body"] == province.agency
    assert len(captured) == 1  # one read to check the choice and draw the select
    class Django(forms.Form):
        body = forms.ModelChoiceField(queryset=Body.objects.filter(unit=province.unit).order_by("name"))

    for wrong in (str(other_province.agency.pk), "abc", "999999", "1.5", "\x00"):
        form = Choose({"body": wrong})
        assert not form.is_valid()
        assert form.errors == Django({"body": wrong}).errors  # "Hãy chọn một lựa chọn hợp lệ. …"
