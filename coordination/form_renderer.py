"""Forms that render fast: Django's form renderer with a select drawn in Python instead of one template
include per option, and model selects whose options cost one query.

A register's filter form holds a few selects (agencies, rounds, fields, statuses: some 70 options), and Django
renders each option through ``select_option.html`` and ``attrs.html``: about 25 ms a page, a third of the
petition register's time (issue #16). ``FormRenderer`` writes the same bytes as those templates
(``tests/coordination/test_form_renderer.py`` compares them) and leaves every other template to Django.
"""

import html

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.safestring import SafeData

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


_CONTEXT = Context(autoescape=True)  # as a widget is rendered: escaped, localized, in the current time zone


def _text(value) -> str:
    """``{{ value }}``. A plain string (most labels and names) has nothing to localize: escaped directly, as
    Django's ``escape`` does (``html.escape``), without its lazy-string checks — 360 options a page."""
    if type(value) is str:
        return html.escape(value)
    return render_value_in_context(value, _CONTEXT)


def _formatted(value) -> str:
    """``{{ value|stringformat:'s' }}`` (a filter that keeps a safe string safe)."""
    return value if isinstance(value, SafeData) else html.escape(str(value))


def _attrs(attrs: dict) -> str:
    """``django/forms/widgets/attrs.html``: `` name="value"``, a bare name for True, nothing for False."""
    return "".join(
        f" {_text(name)}" if value is True else f' {_text(name)}="{_formatted(value)}"'
        for name, value in (attrs or {}).items()
        if value is not False
    )


def _select(widget: dict) -> str:
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in options:
            parts.append(
                f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_text(option['label'])}</option>\n"  # the option template's own last newline
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


LABEL = "django/forms/label.html"
LABEL_ATTRS = "django/forms/attrs.html"
ERRORS = "django/forms/errors/list/default.html"
ERRORS_UL = "django/forms/errors/list/ul.html"


def _label(context) -> str:
    if not context["use_tag"]:
        return _text(context["label"]).strip()
    tag = _text(context["tag"])
    return f"<{tag}{_attrs(context['attrs'])}>{_text(context['label'])}</{tag}>".strip()


class FormRenderer(DjangoTemplates):
    """``settings.FORM_RENDERER``: Django's templates, but what every field of a filter form renders — its
    select, its label, its (usually empty) error list — written directly, to the same bytes. A project or app
    template overriding one of those files is rendered as a template, as Django would."""

    def render(self, template_name, context, request=None):
        if template_name == SELECT and self._stock(SELECT, OPTION, "django/forms/widgets/attrs.html"):
            widget = context["widget"]
            groups = widget["optgroups"]
            if all(option.get("template_name") == OPTION for _n, group, _i in groups for option in group):
                return _select(widget)
        elif template_name == LABEL and self._stock(LABEL, LABEL_ATTRS):
            return _label(context)
        elif template_name == ERRORS and not context.get("errors") and self._stock(ERRORS, ERRORS_UL):
            return ""
        return super().render(template_name, context, request=request)

    def _stock(self, *template_names: str) -> bool:
        """Whether each of ``template_names`` is Django's own file (no app or project template shadows it)."""
        stock = self.__dict__.setdefault("_stock_templates", {})
        for name in template_names:
            if name not in stock:
                origin = self.get_template(name).origin.name.replace("\\", "/")
                stock[name] = "/django/forms/templates/" in origin
        return all(stock[name] for name in template_names)


class OneQueryChoiceIterator(ModelChoiceIterator):
    """A model select's options read with one plain query: Django reads them through ``iterator()``, which on
    PostgreSQL is a server-side cursor (DECLARE … WITH HOLD, FETCH, CLOSE: three round trips and the rows
    materialised at commit) — worth it for a million rows, not for the twenty options of a select. The rows
    stay on the field's queryset (a copy per form): a view that reads them too (the register's "my agencies")
    asks no second time."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class ModelChoiceField(forms.ModelChoiceField):
    """``forms.ModelChoiceField`` whose options cost one query (``OneQueryChoiceIterator``), the same one that
    checks the value chosen: the options read once to validate and to render, where Django asks
    ``queryset.get(pk=…)`` first and reads the options again for the select. For selects, whose options are
    few by nature (a few dozen bodies, rounds or fields), never a hidden box over a large table."""

    iterator = OneQueryChoiceIterator

    def to_python(self, value):
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        model = self.queryset.model
        key = self.to_field_name or "pk"
        try:
            if isinstance(value, model):
                value = getattr(value, key)
            wanted = (model._meta.pk if key == "pk" else model._meta.get_field(key)).to_python(value)
            return next(obj for obj in self.queryset if getattr(obj, key) == wanted)
        except (ValueError, TypeError, StopIteration, forms.ValidationError):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            ) from None


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """``forms.ModelMultipleChoiceField`` whose options cost one query (``OneQueryChoiceIterator``)."""

    iterator = OneQueryChoiceIterator
