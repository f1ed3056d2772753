from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from coordination.units import units_load_official


class Command(BaseCommand):
    help = ("Nạp danh mục đơn vị hành chính chính thức (34 tỉnh, 3.321 xã) từ gói vietnam-provinces; chạy "
            "lại không thay đổi gì.")

    def handle(self, *args, **options):
        result = units_load_official()
        self.stdout.write(
            _("Đơn vị hành chính: thêm mới %(created)s, cập nhật %(updated)s, giữ nguyên %(unchanged)s.") % {
                "created": result.created, "updated": result.updated, "unchanged": result.unchanged}
        )
