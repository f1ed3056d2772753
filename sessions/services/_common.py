"""What the Council's workflows share: the follow-up sources and the time a past day's completion counts."""

from datetime import date, datetime, time

from django.utils import timezone

# The sources below also find their follow-ups again: stored words, not translated.
SUBMISSION_SOURCE = "Tờ trình, dự thảo nghị quyết trình kỳ họp"
REVIEW_SOURCE = "Báo cáo thẩm tra của Ban HĐND"
EXPLANATION_NOTICE_SOURCE = "Thông báo phiên giải trình"


def _at(day: date) -> datetime:
    """A completion recorded for a past day counts as done on that day (the on-time index reads it)."""
    return timezone.make_aware(datetime.combine(day, time(12)))
