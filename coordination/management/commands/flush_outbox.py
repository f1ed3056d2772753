from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from coordination.services import outbox_flush, reports_redispatch


class Command(BaseCommand):
    help = (
        "Gửi lại các thư còn chờ hoặc bị treo (worker dừng đột ngột, Redis khởi động lại); không gửi trùng. "
        "Tạo lại các tài liệu bị treo ở trạng thái chờ hoặc đang tạo."
    )

    def handle(self, *args, **options):
        self.stdout.write(self.style.SUCCESS(_("Đã đưa lại %(n)s tài liệu vào hàng đợi tạo.") % {
            "n": reports_redispatch()}))
        self.stdout.write(self.style.SUCCESS(_("Đã đưa lại %(n)s thư vào hàng đợi gửi.") % {
            "n": outbox_flush()}))
