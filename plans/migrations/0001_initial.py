"""The coordination plans, moved here from coordination with their tables (the models keep coordination's
``db_table`` names; coordination/migrations/0016 forgets them, the database is not touched).

The content types of the moved models (and of their history models) change app label, coordination →
plans, in place: their ids stay, so whatever points at them still points right — follow-ups whose subject
is a plan task (GenericForeignKey), guardian's object grants, auth permissions and the users and groups
holding them, admin log entries. A plans content type that a partial migrate created already (empty, with
only its own fresh permissions) gives way to the old one.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

MOVED_MODELS = [
    "coordinationplan", "historicalcoordinationplan", "plantask", "historicalplantask", "plantaskchange",
    "reviewconference", "historicalreviewconference",
]


def _relabel(apps, old_label: str, new_label: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED_MODELS:
        old = ContentType.objects.filter(app_label=old_label, model=model).first()
        if old is None:
            continue  # a new database: post_migrate creates plans' content types after the last migration
        ContentType.objects.filter(app_label=new_label, model=model).delete()
        old.app_label = new_label
        old.save(update_fields=["app_label"])


def content_types_to_plans(apps, schema_editor):
    _relabel(apps, "coordination", "plans")


def content_types_to_coordination(apps, schema_editor):
    _relabel(apps, "plans", "coordination")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('coordination', '0015_document_signature_rule'),
        ('regulations', '0007_import_report_proposals_amending_provisions'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # coordination forgets the models only once they exist here.
    run_before = [('coordination', '0016_plans_moved_to_the_plans_app')]

    operations = [
        # The tables stay where they are, under coordination's names (db_table): only the state moves.
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name='CoordinationPlan',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('year', models.PositiveSmallIntegerField(verbose_name='năm')),
                    ('title', models.CharField(max_length=300, verbose_name='tên kế hoạch')),
                    ('regulation_title', models.CharField(blank=True, max_length=300, verbose_name='quy chế được thực hiện')),
                    ('signed_on', models.DateField(blank=True, null=True, verbose_name='ngày ký')),
                    ('parties', models.ManyToManyField(blank=True, related_name='coordination_plans', to='coordination.body', verbose_name='các bên')),
                    ('regulation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='coordination_plans', to='regulations.regulation', verbose_name='quy chế')),
                    ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='coordination_plans', to='coordination.administrativeunit', verbose_name='đơn vị')),
                ],
                options={
                    'verbose_name': 'kế hoạch phối hợp',
                    'verbose_name_plural': 'kế hoạch phối hợp',
                    'db_table': 'coordination_coordinationplan',
                    'ordering': ['-year', 'unit__name'],
                },
            ),
            migrations.CreateModel(
                name='HistoricalCoordinationPlan',
                fields=[
                    ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('year', models.PositiveSmallIntegerField(verbose_name='năm')),
                    ('title', models.CharField(max_length=300, verbose_name='tên kế hoạch')),
                    ('regulation_title', models.CharField(blank=True, max_length=300, verbose_name='quy chế được thực hiện')),
                    ('signed_on', models.DateField(blank=True, null=True, verbose_name='ngày ký')),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('regulation', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='regulations.regulation', verbose_name='quy chế')),
                    ('unit', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='coordination.administrativeunit', verbose_name='đơn vị')),
                ],
                options={
                    'verbose_name': 'historical kế hoạch phối hợp',
                    'verbose_name_plural': 'historical kế hoạch phối hợp',
                    'db_table': 'coordination_historicalcoordinationplan',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            ),
            migrations.CreateModel(
                name='HistoricalReviewConference',
                fields=[
                    ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('kind', models.CharField(choices=[('giao_ban', 'Giao ban'), ('so_ket', 'Sơ kết'), ('tong_ket', 'Tổng kết')], max_length=16, verbose_name='loại hội nghị')),
                    ('held_on', models.DateField(verbose_name='ngày tổ chức')),
                    ('title', models.CharField(max_length=300, verbose_name='tên hội nghị')),
                    ('figures', models.JSONField(blank=True, default=dict, verbose_name='số liệu tại thời điểm họp')),
                    ('conclusions', models.TextField(blank=True, verbose_name='kết luận')),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('plan', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='plans.coordinationplan', verbose_name='kế hoạch')),
                ],
                options={
                    'verbose_name': 'historical hội nghị đánh giá',
                    'verbose_name_plural': 'historical hội nghị đánh giá',
                    'db_table': 'coordination_historicalreviewconference',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            ),
            migrations.CreateModel(
                name='PlanTask',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('title', models.CharField(max_length=500, verbose_name='rõ việc')),
                    ('due_on', models.DateField(verbose_name='rõ tiến độ (thời hạn)')),
                    ('schedule', models.CharField(blank=True, max_length=300, verbose_name='lịch thực hiện')),
                    ('expected_result', models.TextField(blank=True, verbose_name='rõ hiệu quả (kết quả cần đạt)')),
                    ('accountability', models.CharField(blank=True, max_length=500, verbose_name='rõ trách nhiệm')),
                    ('source', models.CharField(blank=True, max_length=500, verbose_name='căn cứ')),
                    ('origin_key', models.CharField(blank=True, max_length=200, verbose_name='nguồn phát sinh')),
                    ('area', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='coordination.coordinationarea', verbose_name='lĩnh vực')),
                    ('cooperating_bodies', models.ManyToManyField(blank=True, related_name='+', to='coordination.body', verbose_name='cơ quan phối hợp')),
                    ('followup', models.OneToOneField(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='plan_task', to='coordination.followup')),
                    ('lead_body', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='plan_tasks', to='coordination.body', verbose_name='cơ quan chủ trì')),
                    ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='tasks', to='plans.coordinationplan', verbose_name='kế hoạch')),
                    ('responsible', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='plan_tasks', to='coordination.person', verbose_name='rõ người')),
                ],
                options={
                    'verbose_name': 'nhiệm vụ kế hoạch',
                    'verbose_name_plural': 'nhiệm vụ kế hoạch',
                    'db_table': 'coordination_plantask',
                    'ordering': ['due_on', 'id'],
                },
            ),
            migrations.CreateModel(
                name='PlanTaskChange',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(choices=[('assigned', 'Giao việc'), ('reassigned', 'Giao lại'), ('extended', 'Gia hạn'), ('completed', 'Hoàn thành')], max_length=16, verbose_name='loại')),
                    ('old_due_on', models.DateField(blank=True, null=True, verbose_name='thời hạn cũ')),
                    ('new_due_on', models.DateField(blank=True, null=True, verbose_name='thời hạn mới')),
                    ('reason', models.TextField(blank=True, verbose_name='lý do')),
                    ('at', models.DateTimeField(auto_now_add=True, verbose_name='lúc')),
                    ('approved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='coordination.person', verbose_name='người phê duyệt')),
                    ('by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người thực hiện')),
                    ('from_person', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='coordination.person', verbose_name='từ người')),
                    ('task', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='changes', to='plans.plantask', verbose_name='nhiệm vụ')),
                    ('to_person', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='coordination.person', verbose_name='cho người')),
                ],
                options={
                    'verbose_name': 'thay đổi nhiệm vụ',
                    'verbose_name_plural': 'thay đổi nhiệm vụ',
                    'db_table': 'coordination_plantaskchange',
                    'ordering': ['at', 'id'],
                },
            ),
            migrations.CreateModel(
                name='ReviewConference',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(choices=[('giao_ban', 'Giao ban'), ('so_ket', 'Sơ kết'), ('tong_ket', 'Tổng kết')], max_length=16, verbose_name='loại hội nghị')),
                    ('held_on', models.DateField(verbose_name='ngày tổ chức')),
                    ('title', models.CharField(max_length=300, verbose_name='tên hội nghị')),
                    ('figures', models.JSONField(blank=True, default=dict, verbose_name='số liệu tại thời điểm họp')),
                    ('conclusions', models.TextField(blank=True, verbose_name='kết luận')),
                    ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='conferences', to='plans.coordinationplan', verbose_name='kế hoạch')),
                ],
                options={
                    'verbose_name': 'hội nghị đánh giá',
                    'verbose_name_plural': 'hội nghị đánh giá',
                    'db_table': 'coordination_reviewconference',
                    'ordering': ['-held_on'],
                },
            ),
            migrations.AddField(
                model_name='plantask',
                name='conference',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='new_tasks', to='plans.reviewconference', verbose_name='giao tại hội nghị'),
            ),
            migrations.CreateModel(
                name='HistoricalPlanTask',
                fields=[
                    ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('title', models.CharField(max_length=500, verbose_name='rõ việc')),
                    ('due_on', models.DateField(verbose_name='rõ tiến độ (thời hạn)')),
                    ('schedule', models.CharField(blank=True, max_length=300, verbose_name='lịch thực hiện')),
                    ('expected_result', models.TextField(blank=True, verbose_name='rõ hiệu quả (kết quả cần đạt)')),
                    ('accountability', models.CharField(blank=True, max_length=500, verbose_name='rõ trách nhiệm')),
                    ('source', models.CharField(blank=True, max_length=500, verbose_name='căn cứ')),
                    ('origin_key', models.CharField(blank=True, max_length=200, verbose_name='nguồn phát sinh')),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('area', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='coordination.coordinationarea', verbose_name='lĩnh vực')),
                    ('followup', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='coordination.followup')),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('lead_body', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='coordination.body', verbose_name='cơ quan chủ trì')),
                    ('plan', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='plans.coordinationplan', verbose_name='kế hoạch')),
                    ('responsible', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='coordination.person', verbose_name='rõ người')),
                    ('conference', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='plans.reviewconference', verbose_name='giao tại hội nghị')),
                ],
                options={
                    'verbose_name': 'historical nhiệm vụ kế hoạch',
                    'verbose_name_plural': 'historical nhiệm vụ kế hoạch',
                    'db_table': 'coordination_historicalplantask',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            ),
            migrations.AddConstraint(
                model_name='coordinationplan',
                constraint=models.UniqueConstraint(fields=('unit', 'year'), name='plan_once_per_unit_year'),
            ),
            migrations.AddConstraint(
                model_name='plantask',
                constraint=models.UniqueConstraint(condition=models.Q(('origin_key', ''), _negated=True), fields=('plan', 'origin_key'), name='plantask_origin_once'),
            ),
        ]),
        migrations.RunPython(content_types_to_plans, content_types_to_coordination),
    ]
