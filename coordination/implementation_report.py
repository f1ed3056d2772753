"""The periodic report on carrying out the coordination regulation (6-month / yearly), Decree 30 layout.

One context feeds the PDF (templates/pdf/coordination_implementation_report.html, with the dashboard's
SVG charts) and the DOCX (python-docx, same sections and tables).
"""

from collections.abc import Callable
from io import BytesIO

from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from coordination.charts import implementation_charts
from coordination.documents import docx_page_numbers, docx_signatures, level_word, place_and_date, place_name
from coordination.models import AdministrativeUnit, Body, BodyKind, FollowUp, Position
from coordination.queries import Period, implementation_data, parse_period
from coordination.text import fold


def implementation_report_context(*, unit: AdministrativeUnit, period: Period, progress: Callable[[int], None] = lambda p: None,
                                  user=None) -> dict:
    """``user``: who asked for it on the site; nothing of a subject they may not see (the command passes none)."""
    from coordination.permissions import subjects_visible_q

    today = timezone.localdate()
    data = implementation_data(unit_ids={unit.pk}, start=period.start, end=period.end, today=min(today, period.end), list_limit=30,
                               user=user)
    progress(40)
    next_tasks = list(
        FollowUp.objects.open().filter(subjects_visible_q(user) if user is not None else Q(), unit=unit, due_on__gt=period.end)
        .select_related("lead_body").order_by("due_on", "id")[:15]
    )
    standing = Body.objects.filter(unit=unit, kind=BodyKind.COUNCIL_STANDING, active_to__isnull=True).first()
    chair = Position.objects.filter(body=standing, is_head=True, ends_on__isnull=True).select_related("person").first() if standing else None
    progress(60)
    return {
        **data, **implementation_charts(data), "unit": unit, "period": period, "next_tasks": next_tasks,
        "issuer": standing.name if standing else unit.name,
        "issuer_parent": "", "number": "      /BC-TTHĐND",
        "place_date": place_and_date(place_name(unit.name), today),
        "document_title": "BÁO CÁO",
        "subject": f"Kết quả thực hiện Quy chế phối hợp công tác {period.label}",
        "signatures": [{"on_behalf": "TM. THƯỜNG TRỰC HĐND", "position": "CHỦ TỊCH", "name": chair.person.full_name if chair else ""}],
        "recipients": implementation_report_recipients(unit),
    }


def implementation_report_recipients(unit: AdministrativeUnit) -> list[str]:
    """The parties of the unit's regulation at the unit's own level; a commune also reports to the province above."""
    word = level_word(unit)
    recipients = [f"Thường trực HĐND {level_word(unit.parent)} (để báo cáo)"] if unit.parent_id else []
    if unit.level.has_na_delegation:
        recipients.append(f"Đoàn ĐBQH {word}")
    return [*recipients, f"Thường trực HĐND {word}", f"UBND {word}", f"Ban Thường trực UBMTTQ Việt Nam {word}", "Lưu: VT"]


def implementation_report_filename(unit: AdministrativeUnit, period: Period, ext: str) -> str:
    return f"bao-cao-thuc-hien-quy-che-{slugify(fold(unit.name))}-{period.code.lower()}.{ext}"


def render_implementation_pdf(*, unit: AdministrativeUnit, period: Period, progress=lambda p: None, user=None) -> bytes:
    from coordination.pdf import render_pdf

    context = implementation_report_context(unit=unit, period=period, progress=progress, user=user)
    pdf = render_pdf("pdf/coordination_implementation_report.html", context)
    progress(95)
    return pdf


def render_implementation_docx(*, unit: AdministrativeUnit, period: Period, progress=lambda p: None, user=None) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    c = implementation_report_context(unit=unit, period=period, progress=progress, user=user)
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = Mm(20), Mm(20), Mm(30), Mm(15)
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(13)
    docx_page_numbers(section)
    header = doc.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left.text = f"{c['issuer'].upper()}\nSố: {c['number']}"
    right.text = f"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n{c['place_date']}"
    for cell in (left, right):
        for p in cell.paragraphs:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text, bold in ((c["document_title"], True), (c["subject"], True)):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(text).bold = bold
    doc.add_paragraph().add_run("I. KẾT QUẢ THỰC HIỆN").bold = True
    if c["figures"]:
        doc.add_paragraph().add_run("1. Kết quả hoạt động").bold = True
        table = doc.add_table(rows=1, cols=2, style="Table Grid")
        table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Nội dung", "Số liệu"
        for f in c["figures"]:
            row = table.add_row().cells
            row[0].text, row[1].text = f.label, str(f.value)
    doc.add_paragraph().add_run("2. Thực hiện nhiệm vụ phối hợp (chỉ số phối hợp nội bộ)").bold = True
    t = c["totals"]
    rate = f"{c['on_time_rate']}%" if c["on_time_rate"] is not None else "chưa có việc đến hạn"
    doc.add_paragraph(f"Tổng số {t['total']} việc; đã hoàn thành {t['done']} (đúng hạn {t['on_time']}); quá hạn {t['overdue']}; "
                      f"đang thực hiện {t['open']}. Tỷ lệ đúng hạn: {rate}.")
    table = doc.add_table(rows=1, cols=5, style="Table Grid")
    for cell, text in zip(table.rows[0].cells, ("Cơ quan chủ trì", "Hoàn thành", "Đúng hạn", "Quá hạn", "Tỷ lệ đúng hạn"), strict=True):
        cell.text = text
    for r in c["per_body"]:
        cells = table.add_row().cells
        for cell, value in zip(cells, (r["name"], r["done"], r["on_time"], r["overdue"], f"{r['rate']}%" if r["rate"] is not None else "—"), strict=True):
            cell.text = str(value)
    progress(80)
    doc.add_paragraph().add_run("II. TỒN TẠI, HẠN CHẾ").bold = True
    if c["overdue"]:
        doc.add_paragraph(f"Còn {t['overdue']} việc quá hạn chưa hoàn thành, trong đó:")
        for f in c["overdue"]:
            doc.add_paragraph(f"- {f.title} ({f.lead_body}, hạn {f.due_on:%d/%m/%Y})")
    else:
        doc.add_paragraph("Không có việc quá hạn trong kỳ.")
    doc.add_paragraph().add_run("III. NHIỆM VỤ TRỌNG TÂM KỲ TỚI").bold = True
    for f in c["next_tasks"]:
        doc.add_paragraph(f"- {f.title} ({f.lead_body}, hạn {f.due_on:%d/%m/%Y})")
    docx_signatures(doc, c["signatures"])
    doc.add_paragraph("Nơi nhận:\n" + "\n".join(f"- {r};" for r in c["recipients"]))
    buffer = BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def report_period(params: dict) -> tuple[AdministrativeUnit, Period]:
    return AdministrativeUnit.objects.get(pk=params["unit_id"]), parse_period(params["period"])
