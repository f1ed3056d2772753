"""A date box shown and read dd/mm/yyyy whatever the browser's or the interface's language (a native
``<input type="date">`` follows the browser's: 01/20/2027 in an English Chromium)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The same in every interface language: 01/02/2027 is 1 February, never 2 January; ISO stays accepted
# (links and tests written before).
DAY_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
# strptime reads "20/01/27" as the year 27: a year before this one is a mistyped year.
FIRST_YEAR = 1900


class DayInput(forms.DateInput):
    """A text box (typed without script); static/js/app.js adds the vendored date picker on
    ``data-datepicker``."""

    def __init__(self, attrs=None):
        attrs = {
            "placeholder": "dd/mm/yyyy",  # the same in both languages, as the picker writes it
            "inputmode": "numeric",
            "autocomplete": "off",
            "data-datepicker": _("Chọn ngày trên lịch"),  # the label of the picker's button (app.js)
            **(attrs or {}),
        }
        super().__init__(attrs, format="%d/%m/%Y")


class DayField(forms.DateField):
    """A day typed dd/mm/yyyy (or picked); a wrong one is a message naming the field."""

    widget = DayInput
    input_formats = DAY_INPUT_FORMATS
    default_error_messages = {"invalid": _("%(field)s: ghi ngày/tháng/năm, ví dụ 20/01/2027.")}

    def to_python(self, value):
        try:
            day = super().to_python(value)
            if day is None or day.year >= FIRST_YEAR:
                return day
        except ValidationError:
            pass  # not a day in any of the formats: the same message
        raise ValidationError(self.error_messages["invalid"], code="invalid", params={"field": self.label})
