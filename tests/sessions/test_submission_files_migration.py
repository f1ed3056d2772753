"""The submission's own file became its "Tờ trình" document: the data migration moves existing files, and
back."""

import pytest

from sessions.models import SubmissionDocument
from tests.migrations import migrate_to, migrate_to_latest
from tests.sessions.factories import SessionFactory, SubmissionFactory

# Rows moved between tables, with fixed dates: the clock plays no part, so the difficult instants of
# .ci/run leave these (slow: migrating back and forth) out.
pytestmark = pytest.mark.clock_free

BEFORE = [("council_sessions", "0005_submission_reviewed_on")]
AFTER = [("council_sessions", "0006_submission_file_into_documents")]


@pytest.mark.django_db(transaction=True)
def test_each_submission_file_becomes_its_submission_document_and_goes_back(province):
    session = SessionFactory(term=province.term, council=province.standing.parent, number=8)
    with_file = SubmissionFactory(session=session, presenting_body=province.committee, number="12/TTr-UBND")
    without = SubmissionFactory(session=session, presenting_body=province.committee)
    try:
        old = migrate_to(BEFORE).get_model("council_sessions", "Submission")
        old.objects.filter(pk=with_file.pk).update(file="sessions/submissions/2026/to-trinh.pdf")

        migrate_to(AFTER)
        document = SubmissionDocument.objects.get()
        assert (document.submission_id, document.kind, document.title, document.file.name) == (
            with_file.pk,
            SubmissionDocument.Kind.SUBMISSION,
            "Tờ trình 12/TTr-UBND",
            "sessions/submissions/2026/to-trinh.pdf",
        )
        assert not SubmissionDocument.objects.filter(submission=without).exists()

        old = migrate_to(BEFORE).get_model("council_sessions", "Submission")
        assert dict(old.objects.values_list("pk", "file")) == {
            with_file.pk: "sessions/submissions/2026/to-trinh.pdf",
            without.pk: "",
        }
        assert not old._meta.apps.get_model("council_sessions", "SubmissionDocument").objects.exists()
    finally:
        migrate_to_latest()
