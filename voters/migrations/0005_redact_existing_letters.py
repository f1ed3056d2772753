"""Redact what earlier versions kept in plain text: a letter's first version, as its history holds it, was
saved before the redaction; a closing result reached the follow-up's outcome as typed."""

from django.db import migrations

from coordination.text import fold
from voters.redaction import identifying_strings, redact


def redact_existing(apps, schema_editor):
    DenouncerIdentity = apps.get_model("voters", "DenouncerIdentity")
    Letter = apps.get_model("voters", "Letter")
    HistoricalLetter = apps.get_model("voters", "HistoricalLetter")
    ContentType = apps.get_model("contenttypes", "ContentType")
    FollowUp = apps.get_model("coordination", "FollowUp")
    HistoricalFollowUp = apps.get_model("coordination", "HistoricalFollowUp")
    letter_type = ContentType.objects.filter(app_label="voters", model="letter").first()
    for identity in DenouncerIdentity.objects.iterator():
        secrets = identifying_strings(full_name=identity.full_name, address=identity.address, contact=identity.contact,
                                      other_details=identity.other_details)
        for row in [*Letter.objects.filter(pk=identity.letter_id), *HistoricalLetter.objects.filter(id=identity.letter_id)]:
            for name in ("content", "classification", "result"):
                setattr(row, name, redact(getattr(row, name), secrets))
            if isinstance(row, Letter):
                row.search_text = fold(f"{row.number} {row.content} {row.classification}")
            row.save()
        if letter_type is not None:
            for model in (FollowUp, HistoricalFollowUp):
                for row in model.objects.filter(subject_type=letter_type, subject_id=identity.letter_id):
                    row.outcome = redact(row.outcome, secrets)
                    row.save(update_fields=["outcome"])


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("coordination", "0007_followup_covering_index"),
        ("voters", "0004_letter_history_without_search_text"),
    ]

    operations = [migrations.RunPython(redact_existing, migrations.RunPython.noop)]
