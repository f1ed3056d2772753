"""The admin's change history in words: each change names the field and shows its values as a person reads
them (a choice's label, dates d/m/Y, "—" for nothing), not the stored codes (``draft → in_force``, None)."""

from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from coordination.history import readable_value


class ReadableHistory(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if field.is_relation:
            # an empty foreign key comes as a "deleted" object without a key: "Deleted người dùng (pk=None)"
            empty = value in (None, "") or getattr(value, "pk", "") is None
            return "—" if empty else super().prepare_delta_change_value(change, value)
        return readable_value(field, value)


class HistoryAdmin(SimpleHistoryAdmin):
    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableHistory(self.model, historical_record)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        super().set_history_delta_changes(request, historical_records, foreign_keys_are_objs)
        for record in historical_records:  # the list shows the reason as stored: None when none was given
            record.history_change_reason = record.history_change_reason or "—"
