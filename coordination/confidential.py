"""Fields that hold a secret: no admin page may list, filter, search, sort or count by them — for
anyone, a superuser included (Luật Tố cáo 2018, Điều 9 and 47, for a denouncer's identity).

A model names its secret fields in a class attribute ``confidential_fields`` (voters.DenouncerIdentity);
credentials of models we do not own or that live beside other data are listed in ``CREDENTIAL_FIELDS``.
The model's ModelAdmin inherits ``ConfidentialAdmin``, which refuses every lookup reaching a secret
(the changelist answers 400 "Bad Request"), however it is spelt: ``full_name__startswith``,
``full_name__lower__in``, ``letter__identity__contact__regex`` from another model… Django's own rule
already refuses a relational lookup another admin does not list in ``list_filter``; the system check
``phoihop.E010`` fails when any registered admin lists, filters, searches, sorts or builds a date
hierarchy on a path that reaches a secret, and ``phoihop.E011`` when a model with secrets is
registered without ``ConfidentialAdmin``.
"""

from django.contrib.auth import get_user_model
from django.core.checks import Error, register
from django.core.exceptions import FieldDoesNotExist
from django.db.models.constants import LOOKUP_SEP

# (app label, model name) -> secret fields, for models that cannot carry the attribute themselves.
CREDENTIAL_FIELDS = {
    ("coordination", "notificationpreference"): frozenset(
        {"feed_token"}
    ),  # the calendar feed's only credential
}


def secret_fields(model) -> frozenset[str]:
    declared = frozenset(getattr(model, "confidential_fields", ()))
    credentials = CREDENTIAL_FIELDS.get((model._meta.app_label, model._meta.model_name), frozenset())
    if model is get_user_model():
        credentials |= {"password"}
    return declared | credentials


def reaches_secret(model, path: str) -> bool:
    """Whether the lookup ``path`` (``letter__identity__full_name__istartswith``) touches a secret field."""
    for part in path.lstrip("-").split(LOOKUP_SEP):
        if part in secret_fields(model):
            return True
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return False  # a transform or a lookup: the path has left the model's fields
        if not field.is_relation or field.related_model is None:
            return False
        model = field.related_model
    return False


class ConfidentialAdmin:
    """Mixin for the ModelAdmin of a model with secret fields: nothing in the admin answers by them."""

    def lookup_allowed(self, lookup, value, request=None):
        if reaches_secret(self.model, lookup):
            return False
        return super().lookup_allowed(lookup, value, request)

    def to_field_allowed(self, request, to_field):
        return not reaches_secret(self.model, to_field) and super().to_field_allowed(request, to_field)

    def get_search_fields(self, request):
        return [f for f in super().get_search_fields(request) if not reaches_secret(self.model, f)]

    def get_ordering(self, request):
        return [
            f
            for f in super().get_ordering(request) or ()
            if not isinstance(f, str) or not reaches_secret(self.model, f)
        ]

    def get_sortable_by(self, request):
        return [
            f
            for f in super().get_sortable_by(request)
            if not isinstance(f, str) or not reaches_secret(self.model, f)
        ]


def _option_paths(model_admin) -> list[tuple[str, str]]:
    """(option, path) for every lookup path an admin's options name."""
    paths = []
    for item in model_admin.list_filter:
        if isinstance(item, str):
            paths.append(("list_filter", item))
        elif isinstance(item, (list, tuple)):
            paths.append(("list_filter", item[0]))
    for name in model_admin.search_fields:
        paths.append(("search_fields", name.lstrip("^=@")))
    for name in model_admin.ordering or ():
        if isinstance(name, str):
            paths.append(("ordering", name))
    for name in model_admin.list_display:
        if isinstance(name, str):
            paths.append(("list_display", name))
            attribute = getattr(model_admin, name, None) or getattr(model_admin.model, name, None)
            order_field = getattr(attribute, "admin_order_field", None)
            if isinstance(order_field, str):
                paths.append(("admin_order_field", order_field))
    if model_admin.date_hierarchy:
        paths.append(("date_hierarchy", model_admin.date_hierarchy))
    for name in (*model_admin.autocomplete_fields, *model_admin.raw_id_fields, *model_admin.list_editable):
        paths.append(("fields", name))
    return paths


@register()
def check_admin_confidentiality(app_configs=None, **kwargs):
    from django.contrib import admin

    errors = []
    for model, model_admin in admin.site._registry.items():
        label = f"{model._meta.label}Admin"
        for option, path in _option_paths(model_admin):
            if reaches_secret(model, path) and not (model is get_user_model() and path == "password"):
                errors.append(
                    Error(
                        f"{label}.{option} names {path!r}, which reaches a confidential field: the admin "
                        f"would list, "
                        f"filter, search or sort by a secret.",
                        hint="Remove it; secrets are read only through their app's door, with a logged "
                             "reason.",
                        id="phoihop.E010",
                    )
                )
        declared = frozenset(getattr(model, "confidential_fields", ())) | CREDENTIAL_FIELDS.get(
            (model._meta.app_label, model._meta.model_name), frozenset())
        if declared and not isinstance(model_admin, ConfidentialAdmin):
            errors.append(Error(
                f"{label} does not inherit coordination.confidential.ConfidentialAdmin although "
                f"{model._meta.label} has confidential fields ({', '.join(sorted(declared))}).",
                id="phoihop.E011",
            ))
    return errors
