"""The coordination plans moved to the plans app (plans/migrations/0001_initial.py creates them there):
coordination forgets them, the database keeps every table and row.

This migration depends on no other app. It runs after plans' 0001 (its ``run_before``), so the models
are never absent from the state, and after every regulations migration that reads coordination's plan
tasks in history (regulations 0005, which plans' 0001 depends on through regulations' latest).
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('coordination', '0015_document_signature_rule'),
    ]

    operations = [
        # The tables stay where they are, under coordination's names (db_table): only the state moves.
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.RemoveField(
                model_name='historicalplantask',
                name='plan',
            ),
            migrations.RemoveField(
                model_name='plantask',
                name='plan',
            ),
            migrations.RemoveField(
                model_name='reviewconference',
                name='plan',
            ),
            migrations.RemoveField(
                model_name='historicalreviewconference',
                name='plan',
            ),
            migrations.RemoveField(
                model_name='historicalcoordinationplan',
                name='history_user',
            ),
            migrations.RemoveField(
                model_name='historicalcoordinationplan',
                name='regulation',
            ),
            migrations.RemoveField(
                model_name='historicalcoordinationplan',
                name='unit',
            ),
            migrations.RemoveField(
                model_name='historicalplantask',
                name='area',
            ),
            migrations.RemoveField(
                model_name='historicalplantask',
                name='conference',
            ),
            migrations.RemoveField(
                model_name='historicalplantask',
                name='followup',
            ),
            migrations.RemoveField(
                model_name='historicalplantask',
                name='history_user',
            ),
            migrations.RemoveField(
                model_name='historicalplantask',
                name='lead_body',
            ),
            migrations.RemoveField(
                model_name='historicalplantask',
                name='responsible',
            ),
            migrations.RemoveField(
                model_name='historicalreviewconference',
                name='history_user',
            ),
            migrations.RemoveField(
                model_name='plantask',
                name='area',
            ),
            migrations.RemoveField(
                model_name='plantask',
                name='conference',
            ),
            migrations.RemoveField(
                model_name='plantask',
                name='cooperating_bodies',
            ),
            migrations.RemoveField(
                model_name='plantask',
                name='followup',
            ),
            migrations.RemoveField(
                model_name='plantask',
                name='lead_body',
            ),
            migrations.RemoveField(
                model_name='plantask',
                name='responsible',
            ),
            migrations.RemoveField(
                model_name='plantaskchange',
                name='task',
            ),
            migrations.RemoveField(
                model_name='plantaskchange',
                name='approved_by',
            ),
            migrations.RemoveField(
                model_name='plantaskchange',
                name='by',
            ),
            migrations.RemoveField(
                model_name='plantaskchange',
                name='from_person',
            ),
            migrations.RemoveField(
                model_name='plantaskchange',
                name='to_person',
            ),
            migrations.DeleteModel(
                name='CoordinationPlan',
            ),
            migrations.DeleteModel(
                name='HistoricalCoordinationPlan',
            ),
            migrations.DeleteModel(
                name='HistoricalPlanTask',
            ),
            migrations.DeleteModel(
                name='HistoricalReviewConference',
            ),
            migrations.DeleteModel(
                name='ReviewConference',
            ),
            migrations.DeleteModel(
                name='PlanTask',
            ),
            migrations.DeleteModel(
                name='PlanTaskChange',
            ),
        ]),
    ]
