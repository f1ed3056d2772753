# The public list's ordering index and the public feed's (issue 17).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('voters', '0016_round_detail_indexes'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='petition',
            index=models.Index(condition=models.Q(('status', 'merged'), _negated=True), fields=['-round', 'number'], include=('id', 'field', 'agency', 'status', 'search_text'), name='petition_public'),
        ),
        migrations.AddIndex(
            model_name='petition',
            index=models.Index(condition=models.Q(('answered_on__isnull', False), models.Q(('status', 'merged'), _negated=True)), fields=['-answered_on', '-id'], name='petition_answered_last'),
        ),
    ]
