from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from coordination.services import reminders_sweep


class Command(BaseCommand):
    help = ("Gửi nhắc hạn (7 ngày, 1 ngày trước, đúng ngày) và báo lãnh đạo việc quá hạn; chạy lại không gửi "
            "trùng.")

    def handle(self, *args, **options):
        queued = reminders_sweep()
        self.stdout.write(self.style.SUCCESS(_("Đã xếp %(queued)s thư nhắc việc vào hàng đợi gửi.") % {
            "queued": queued}))
