"""The follow-up list's search: the superuser's tab counts check the words too short for the trigram index in
the (status, due date) index, which now includes search_text (index-only scans on PostgreSQL)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("coordination", "0021_followup_list_indexes"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="followup", name="followup_status_due"),
        migrations.AddIndex(
            model_name="followup",
            index=models.Index(
                fields=["status", "due_on"],
                include=("lead_body", "subject_type", "subject_id", "search_text"),
                name="followup_status_due",
            ),
        ),
    ]
