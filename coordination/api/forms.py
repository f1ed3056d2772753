"""A write through the API is validated by the same Django form as the page's (same fields, same messages)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


def _form_data(data):
    """Multipart/form data as it came; a JSON object's values as the text a form box would hold."""
    if hasattr(data, "getlist"):
        return data
    if not isinstance(data, dict):
        raise serializers.ValidationError({"detail": _("Nội dung gửi lên phải là một đối tượng JSON.")})
    values = {}
    for name, value in data.items():
        if isinstance(value, list | dict):
            raise serializers.ValidationError(
                {name: [_("Trường này phải là một giá trị, không phải danh sách.")]}
            )
        values[name] = "" if value is None else str(value)
    return values


def cleaned(form_class, request, **kwargs) -> dict:
    """The form's cleaned data for this request, or a 400 naming each field with the page's message."""
    form = form_class(_form_data(request.data), request.FILES, **kwargs)
    if not form.is_valid():
        raise serializers.ValidationError(
            {
                field: [error["message"] for error in errors]
                for field, errors in form.errors.get_json_data().items()
            }
        )
    return form.cleaned_data


def service_errors(exc) -> serializers.ValidationError:
    """A service's refusal (django ValidationError) as the API's 400, by field when it names one."""
    if hasattr(exc, "error_dict"):
        return serializers.ValidationError(
            {field: list(messages) for field, messages in exc.message_dict.items()}
        )
    return serializers.ValidationError({"detail": " ".join(exc.messages)})
