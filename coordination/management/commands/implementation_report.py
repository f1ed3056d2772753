from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from coordination.implementation_report import render_implementation_docx, render_implementation_pdf
from coordination.models import AdministrativeUnit
from coordination.queries import parse_period


class Command(BaseCommand):
    help = "Xuất báo cáo kết quả thực hiện quy chế phối hợp (6 tháng hoặc năm) ra tệp PDF hoặc DOCX."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="Mã đơn vị hành chính, ví dụ HP")
        parser.add_argument("--period", required=True, help="2026H1, 2026H2 hoặc 2026")
        parser.add_argument("-o", "--output", required=True, help="Tệp kết quả, đuôi .pdf hoặc .docx")

    def handle(self, *args, unit, period, output, **options):
        try:
            parsed = parse_period(period)
        except ValueError as exc:
            raise CommandError(_("--period: %(error)s") % {"error": exc}) from None
        found = AdministrativeUnit.objects.filter(code=unit, valid_to__isnull=True).first()
        if found is None:
            raise CommandError(_("--unit: không có đơn vị hành chính đang hiệu lực với mã “%(unit)s”.") % {
                "unit": unit})
        path = Path(output)
        if path.suffix.lower() not in (".pdf", ".docx"):
            raise CommandError(_("-o: tên tệp phải có đuôi .pdf hoặc .docx."))
        render = render_implementation_docx if path.suffix.lower() == ".docx" else render_implementation_pdf
        path.write_bytes(render(unit=found, period=parsed))
        self.stdout.write(self.style.SUCCESS(_("Đã ghi báo cáo %(label)s của %(name)s vào %(path)s.") % {
            "label": parsed.label, "name": found.name, "path": path}))
