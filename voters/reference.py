"""The default petition fields (an editable taxonomy): seeded by migration, ensured again by load_demo."""

PETITION_FIELDS = [
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


def petition_fields_ensure(PetitionField=None) -> None:
    """Create missing fields; an administrator's renamings of existing ones are kept."""
    if PetitionField is None:
        from voters.models import PetitionField
    for code, name in PETITION_FIELDS:
        PetitionField.objects.get_or_create(code=code, defaults={"name": name})
