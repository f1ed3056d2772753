from django.db import migrations

from coordination.migration_ops import TrigramIndex

FIELDS = [
    ("dat_dai", "Đất đai"),
    ("moi_truong", "Tài nguyên, môi trường"),
    ("giao_thong", "Giao thông, hạ tầng"),
    ("chinh_sach_xa_hoi", "Chính sách xã hội"),
    ("y_te", "Y tế"),
    ("giao_duc", "Giáo dục"),
    ("nong_nghiep", "Nông nghiệp, nông thôn"),
    ("an_ninh", "An ninh, trật tự"),
    ("khac", "Lĩnh vực khác"),
]


def seed_fields(apps, schema_editor):
    PetitionField = apps.get_model("voters", "PetitionField")
    for code, name in FIELDS:
        PetitionField.objects.get_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("voters", "0001_initial"), ("coordination", "0002_reference_data")]

    operations = [
        migrations.RunPython(seed_fields, migrations.RunPython.noop),
        TrigramIndex("voters_petition", "search_text", "voters_petition_search_trgm"),
        TrigramIndex("voters_opinion", "search_text", "voters_opinion_search_trgm"),
        TrigramIndex("voters_letter", "search_text", "voters_letter_search_trgm"),
        TrigramIndex("voters_votercontactround", "search_text", "voters_round_search_trgm"),
        TrigramIndex("voters_receptionday", "search_text", "voters_reception_search_trgm"),
    ]
