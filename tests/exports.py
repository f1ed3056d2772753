"""A list's "Xuất Excel" as a user meets it: the click queues the file and lands on its progress page, and the
file downloads from there once made (here at once: tasks run eagerly when the click's transaction commits)."""

from django.http import HttpResponse
from django.test import TestCase
from django.urls import resolve, reverse

from coordination.models import GeneratedReport


def export_xlsx(client, url, params=None):
    """The downloaded file's response, or the refusal (403, 404…) the click itself got."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.get(url, {**(params or {}), "format": "xlsx"})
    if response.status_code != 302:
        return response
    report = GeneratedReport.objects.get(pk=resolve(response.url).kwargs["pk"])
    assert report.status == GeneratedReport.Status.DONE, report.error
    download = client.get(reverse("report_download", args=[report.pk]))
    response = HttpResponse(b"".join(download.streaming_content), content_type=download["Content-Type"])
    response["Content-Disposition"] = download["Content-Disposition"]
    return response
