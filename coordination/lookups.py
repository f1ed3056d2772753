"""``__in`` on an integer column with a number the column cannot hold matches nothing, instead of a 500.

Django 5 already answers ``exact``, ``gt``, ``gte``, ``lt`` and ``lte`` that way (``IntegerFieldOverflow``),
but not ``in``: a multiple-choice field posted ``99999999999999999999999`` (ModelMultipleChoiceField checks
``pk__in=[…]``) raised ``OverflowError`` on SQLite. Such a value is left out of the list, so the form says the
choice is not valid and names the field, on SQLite and PostgreSQL alike.
"""

from django.db.models import IntegerField
from django.db.models.lookups import In


@IntegerField.register_lookup
class IntegerFieldIn(In):
    lookup_name = "in"

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            self.rhs = [value for value in self.rhs if not isinstance(value, int) or (
                (low is None or value >= low) and (high is None or value <= high))]
        return super().process_rhs(compiler, connection)
