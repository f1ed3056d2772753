# The results report's rollup (issue #16): PetitionTally, kept in step by statement triggers on voters_petition
# (PostgreSQL only; SQLite counts the petitions), filled from the petitions already there.

import django.db.models.deletion
from django.db import migrations, models

KEY = "round_id, unit_id, field_id, competence, category, status, agency_id, answered_on_time, answered"
ROW = ("round_id, unit_id, field_id, competence, category, status, agency_id, answered_on_time, "
       "answered_on IS NOT NULL")


def _add(rows: str, sign: str) -> str:
    """Add the statement's rows (a transition table) to the rollup, each group once, in key order (rows locked
    in one order by every writer)."""
    return f"""
        INSERT INTO voters_petitiontally ({KEY}, n)
        SELECT {ROW}, {sign}count(*) FROM {rows}
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9
        ON CONFLICT ON CONSTRAINT petition_tally_key DO UPDATE SET n = voters_petitiontally.n + EXCLUDED.n;"""


# An UPDATE moves each changed row from its old group to its new one; rows whose counted columns did not
# change (an answer's text, a due date) cancel out and write nothing.
UPDATE = f"""
        INSERT INTO voters_petitiontally ({KEY}, n)
        SELECT {KEY}, sum(d) FROM (
            SELECT {ROW}, 1 FROM new_rows
            UNION ALL SELECT {ROW}, -1 FROM old_rows
        ) AS moved (round_id, unit_id, field_id, competence, category, status, agency_id, answered_on_time,
                    answered, d)
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9 HAVING sum(d) <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9
        ON CONFLICT ON CONSTRAINT petition_tally_key DO UPDATE SET n = voters_petitiontally.n + EXCLUDED.n;"""

INSTALL = f"""
CREATE FUNCTION voters_petition_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN {_add("new_rows", "")}
    ELSIF TG_OP = 'DELETE' THEN {_add("old_rows", "-")}
    ELSE {UPDATE}
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER petition_tally_insert AFTER INSERT ON voters_petition REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION voters_petition_tally();
CREATE TRIGGER petition_tally_update AFTER UPDATE ON voters_petition
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION voters_petition_tally();
CREATE TRIGGER petition_tally_delete AFTER DELETE ON voters_petition REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION voters_petition_tally();
"""
# No write may slip between the triggers' creation and the fill: SHARE mode lets readers in, not writers.
LOCK = "LOCK TABLE voters_petition IN SHARE MODE"
FILL = f"""
INSERT INTO voters_petitiontally ({KEY}, n)
SELECT {ROW}, count(*) FROM voters_petition GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
"""
UNINSTALL = """
DROP TRIGGER IF EXISTS petition_tally_insert ON voters_petition;
DROP TRIGGER IF EXISTS petition_tally_update ON voters_petition;
DROP TRIGGER IF EXISTS petition_tally_delete ON voters_petition;
DROP FUNCTION IF EXISTS voters_petition_tally();
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(LOCK)
        schema_editor.execute(INSTALL)
        schema_editor.execute(FILL)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(UNINSTALL)


class Migration(migrations.Migration):

    dependencies = [
        ('voters', '0018_meeting_planned_order'),
    ]

    operations = [
        migrations.CreateModel(
            name='PetitionTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('competence', models.CharField(choices=[('central', 'Trung ương (chuyển qua Đoàn ĐBQH)'), ('province', 'Cấp tỉnh'), ('commune', 'Cấp xã')], max_length=16, verbose_name='thẩm quyền')),
                ('category', models.CharField(choices=[('resolved', 'Đã giải quyết xong'), ('in_progress', 'Đang nghiên cứu, tiếp thu để giải quyết'), ('explained', 'Giải trình, cung cấp thông tin')], max_length=16, verbose_name='kết quả')),
                ('status', models.CharField(choices=[('compiling', 'Đang tổng hợp'), ('forwarded', 'Đã chuyển, chờ trả lời'), ('answered', 'Đã trả lời, chờ đánh giá'), ('satisfied', 'Trả lời đạt yêu cầu'), ('reopened', 'Mở lại (chưa đạt hoặc quá hạn)'), ('merged', 'Đã gộp vào kiến nghị khác')], max_length=16, verbose_name='trạng thái')),
                ('answered_on_time', models.BooleanField(null=True, verbose_name='trả lời đúng hạn')),
                ('answered', models.BooleanField(verbose_name='đã trả lời')),
                ('n', models.IntegerField(verbose_name='số kiến nghị')),
                ('agency', models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='coordination.body', verbose_name='cơ quan giải quyết')),
                ('field', models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='voters.petitionfield', verbose_name='lĩnh vực')),
                ('round', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='voters.votercontactround', verbose_name='đợt tiếp xúc')),
                ('unit', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='coordination.administrativeunit', verbose_name='đơn vị')),
            ],
            options={
                'verbose_name': 'số liệu tổng hợp kiến nghị',
                'verbose_name_plural': 'số liệu tổng hợp kiến nghị',
                'constraints': [models.UniqueConstraint(fields=('round', 'unit', 'field', 'competence', 'category', 'status', 'agency', 'answered_on_time', 'answered'), name='petition_tally_key', nulls_distinct=False)],
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
