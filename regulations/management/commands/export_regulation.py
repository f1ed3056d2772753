from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from regulations.models import Regulation
from regulations.reports import regulation_docx_bytes, regulation_pdf_bytes


class Command(BaseCommand):
    help = ("Xuất quy chế ra PDF hoặc DOCX (thể thức Nghị định 30/2020). Ví dụ: manage.py export_regulation "
            "12/QCPH-… --format pdf -o quy-che.pdf")

    def add_arguments(self, parser):
        parser.add_argument("number", help="Số, ký hiệu của quy chế")
        parser.add_argument("--format", choices=["pdf", "docx"], default="pdf")
        parser.add_argument("-o", "--output", required=True, help="Tệp kết quả")
        parser.add_argument("--unit", help="Mã đơn vị, khi nhiều đơn vị có quy chế cùng số")

    def handle(self, *args, number, format, output, unit, **options):
        regulations = Regulation.objects.filter(number=number).select_related("unit")
        if unit:
            regulations = regulations.filter(unit__code=unit)
        found = list(regulations[:2])
        if not found:
            raise CommandError(_("Không có quy chế số %(number)s.") % {"number": number})
        if len(found) > 1:
            raise CommandError(_("Có nhiều quy chế số %(number)s; hãy thêm --unit MÃ.") % {"number": number})
        build = regulation_pdf_bytes if format == "pdf" else regulation_docx_bytes
        content = build(found[0])
        Path(output).write_bytes(content)
        self.stdout.write(self.style.SUCCESS(_("Đã ghi %(output)s (%(count)s byte).") % {
            "output": output, "count": f"{len(content):,}"}))
