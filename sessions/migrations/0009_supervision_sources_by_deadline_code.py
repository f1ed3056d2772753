from django.db import migrations

# A mission step's follow-up was found by "supervision:<step>"; it is now found by its deadline code, which a
# person reads as the rule's name.
STEPS = {"notify": "supervision_notify", "programme": "supervision_programme", "report": "supervision_report"}


def forwards(apps, schema_editor):
    FollowUp = apps.get_model("coordination", "FollowUp")
    for step, code in STEPS.items():
        FollowUp.objects.filter(source=f"supervision:{step}").update(source=f"supervision:{code}")


def backwards(apps, schema_editor):
    FollowUp = apps.get_model("coordination", "FollowUp")
    for step, code in STEPS.items():
        FollowUp.objects.filter(source=f"supervision:{code}").update(source=f"supervision:{step}")


class Migration(migrations.Migration):
    dependencies = [
        ("council_sessions", "0008_standing_meeting_planned_and_held"),
        ("coordination", "0015_document_signature_rule"),  # a FollowUp with its source; not the plans move
    ]

    operations = [migrations.RunPython(forwards, backwards)]
