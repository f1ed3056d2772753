"""The follow-up list: its search (and the admin's) through the diacritic-free column's trigram index, and its
tab counts from two indexes that hold every column they read (index-only scans on PostgreSQL)."""

from django.db import migrations, models

from coordination.migration_ops import TrigramIndex


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("coordination", "0020_api_tokens"),
    ]

    operations = [
        TrigramIndex("coordination_followup", "search_text", "followup_search_trgm"),
        migrations.RemoveIndex(model_name="followup", name="followup_unit_due"),
        migrations.RemoveIndex(model_name="followup", name="followup_status_due"),
        migrations.AddIndex(
            model_name="followup",
            index=models.Index(
                fields=["unit", "status", "due_on"],
                include=("lead_body", "subject_type", "subject_id"),
                name="followup_unit_due",
            ),
        ),
        migrations.AddIndex(
            model_name="followup",
            index=models.Index(
                fields=["status", "due_on"],
                include=("lead_body", "subject_type", "subject_id"),
                name="followup_status_due",
            ),
        ),
    ]
