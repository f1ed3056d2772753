import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from coordination.models import AdministrativeUnit
from regulations.parsing import RegulationParseError, parse_regulation, read_source
from regulations.services import RegulationError, regulation_import


class Command(BaseCommand):
    help = (
        "Nhập quy chế phối hợp từ tệp .txt hoặc .docx. Ví dụ: "
        "manage.py import_regulation quy-che.docx --unit HP; --dry-run --format json chỉ in dàn ý, không "
        "lưu. "
        "Văn bản có dòng chưa đặt được vào dàn ý (cảnh báo) chỉ được lưu khi thêm --accept-warnings."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--unit", help="Mã đơn vị hành chính ban hành (bắt buộc khi lưu)")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ đọc và kiểm tra, không lưu")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--accept-warnings", action="store_true",
                            help="Đã đọc các cảnh báo: lưu cả khi có dòng chưa đặt được vào dàn ý")

    def handle(self, *args, path, unit, dry_run, format, accept_warnings=False, **options):
        source = Path(path)
        if not source.is_file():
            raise CommandError(_("Không tìm thấy tệp %(path)s") % {"path": path})
        try:
            parsed = parse_regulation(read_source(data=source.read_bytes(), filename=source.name))
        except RegulationParseError as exc:
            raise CommandError(f"{source.name}: {exc}") from None
        if format == "json":
            self.stdout.write(json.dumps(parsed.outline(), ensure_ascii=False, indent=2))
        else:
            lines = parsed.lines
            self.stdout.write(
                _("Quy chế số %(number)s: %(chapters)s chương, %(articles)s điều, %(parties)s bên ký, "
                  "%(obligations)s nghĩa vụ đề xuất. Dòng có chữ: %(total)s, đã đặt vào dàn ý %(placed)s, "
                  "cảnh báo %(warned)s.") % {
                    "number": parsed.number or _("(không có số)"), "chapters": len(parsed.chapters),
                    "articles": len(parsed.articles), "parties": len(parsed.parties),
                    "obligations": len(parsed.obligations), **lines}
            )
            for note in parsed.notes:
                if note["line"]:
                    self.stderr.write(_("Ghi chú dòng %(line)s: %(message)s") % note)
                else:
                    self.stderr.write(_("Ghi chú: %(message)s") % note)
        for warning in parsed.warnings:
            self.stderr.write(_("Cảnh báo dòng %(line)s: %(message)s") % warning)
        if dry_run:
            return
        if not unit:
            raise CommandError(_("Hãy cho biết đơn vị ban hành: --unit MÃ (ví dụ --unit HP)."))
        try:
            target = AdministrativeUnit.objects.get(code=unit, valid_to__isnull=True)
        except AdministrativeUnit.DoesNotExist:
            raise CommandError(_("Không có đơn vị hành chính đang hiệu lực với mã %(unit)s.") % {
                "unit": unit}) from None
        try:
            regulation = regulation_import(parsed=parsed, unit=target, by=None, warnings_read=accept_warnings,
                                           term=target.terms.order_by("-start_year").first())
        except RegulationError as exc:
            raise CommandError(str(exc)) from None
        if format != "json":
            self.stdout.write(self.style.SUCCESS(_("Đã lưu quy chế %(number)s (mã %(pk)s) dạng dự thảo.") % {
                "number": regulation.number, "pk": regulation.pk}))
