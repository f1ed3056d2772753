from django.core.management.base import BaseCommand

from coordination.services import outbox_flush


class Command(BaseCommand):
    help = "Gửi lại các thư còn chờ hoặc bị treo (worker dừng đột ngột, Redis khởi động lại); không gửi trùng."

    def handle(self, *args, **options):
        self.stdout.write(self.style.SUCCESS(f"Đã đưa lại {outbox_flush()} thư vào hàng đợi gửi."))
