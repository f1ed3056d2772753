"""Redact every letter, its history and its follow-ups' outcomes again with today's rules: what was saved
under the narrower ones (+84 phone numbers, a contact holding a phone and an e-mail, a given name after
"ông"/"bà") is caught too. The same step as ``manage.py redact_letters``; idempotent."""

import importlib

from django.db import migrations

redact_existing = importlib.import_module("voters.migrations.0005_redact_existing_letters").redact_existing


class Migration(migrations.Migration):
    dependencies = [("voters", "0012_voter_meeting_planned_and_held")]

    operations = [migrations.RunPython(redact_existing, migrations.RunPython.noop)]
