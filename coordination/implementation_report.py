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
from coordination.documents import (
    NBSP,
    document_closing,
    document_header,
    docx_header,
    docx_paragraph,
    docx_setup,
    docx_signatures,
    docx_table,
    docx_title,
    header_name,
    level_word,
    place_and_date,
    place_name,
    signing_parties,
    standing_and_chair,
    vn_number,
    vn_share,
)
from coordination.models import AdministrativeUnit, FollowUp
from coordination.queries import Period, implementation_data, parse_period
from coordination.text import fold


def implementation_report_context(
    *, unit: AdministrativeUnit, period: Period, progress: Callable[[int], None] = lambda p: None, user=None
) -> dict:
    """``user``: who asked for it on the site; nothing of a subject they may not see (the command passes
    none)."""
    from coordination.permissions import subjects_visible_q

    today = timezone.localdate()
    data = implementation_data(
        unit_ids={unit.pk},
        start=period.start,
        end=period.end,
        today=min(today, period.end),
        list_limit=30,
        user=user,
    )
    progress(40)
    next_tasks = list(
        FollowUp.objects.open()
        .filter(subjects_visible_q(user) if user is not None else Q(), unit=unit, due_on__gt=period.end)
        .select_related("lead_body")
        .order_by("due_on", "id")[:15]
    )
    standing, chair = standing_and_chair(unit)
    signatures = [
        {
            "on_behalf": "TM. THƯỜNG TRỰC HĐND",
            "position": "CHỦ TỊCH",
            "name": chair.person.full_name if chair else "",
            "body_id": standing.pk if standing else None,
        }
    ]
    recipients = implementation_report_recipients(unit)
    progress(60)
    return {
        **data,
        **implementation_charts(data),
        "unit": unit,
        "period": period,
        "next_tasks": next_tasks,
        **document_header(
            issuers=[header_name(standing) if standing else f"THƯỜNG TRỰC HĐND {unit.name}".upper()],
            number=f"{NBSP * 6}/BC-TTHĐND",
            place_date=place_and_date(place_name(unit.name), today),
        ),
        "document_title": "BÁO CÁO",
        "subject": f"Kết quả thực hiện Quy chế phối hợp công tác {period.label}",
        "signatures": signatures,
        "recipients": recipients,
        **document_closing(signatures, recipients),
    }


def implementation_report_recipients(unit: AdministrativeUnit) -> list[str]:
    """The parties of the unit's regulation at the unit's own level; a commune also reports to the province
    above."""
    word = level_word(unit)
    recipients = [f"Thường trực HĐND {level_word(unit.parent)} (để báo cáo)"] if unit.parent_id else []
    if unit.level.has_na_delegation:
        recipients.append(f"Đoàn ĐBQH {word}")
    return [
        *recipients,
        f"Thường trực HĐND {word}",
        f"UBND {word}",
        f"Ban Thường trực UBMTTQ Việt Nam {word}",
        "Lưu: VT",
    ]


def implementation_report_filename(unit: AdministrativeUnit, period: Period, ext: str) -> str:
    """ "bao-cao-6-thang-2026.docx", "bao-cao-nam-2026.pdf", "bao-cao-quy-3-2026.pdf": the period, as its
    title says it; a commune's report adds the commune ("bao-cao-nam-2026-xa-phong-lac.pdf"), a province's is
    named by its period."""
    code = period.code
    year = code[:4]
    if len(code) == 4:
        name = f"nam-{year}"
    elif code[4] == "H":
        name = f"6-thang-{year}" if code[5] == "1" else f"6-thang-cuoi-nam-{year}"
    elif code[4] == "Q":
        name = f"quy-{code[5]}-{year}"
    else:
        name = f"thang-{int(code[5:])}-{year}"
    suffix = "" if unit.parent_id is None else f"-{slugify(fold(unit.name))}"
    return f"bao-cao-{name}{suffix}.{ext}"


def render_implementation_pdf(
    *, unit: AdministrativeUnit, period: Period, progress=lambda p: None, user=None
) -> bytes:
    return implementation_pdf_signed_by(unit=unit, period=period, progress=progress, user=user)[0]


def implementation_pdf_signed_by(
    *, unit: AdministrativeUnit, period: Period, progress=lambda p: None, user=None
):
    """The report's PDF and who signs it (the Standing Committee's chair, digitally)."""
    from coordination.pdf import render_pdf_with_slots

    context = implementation_report_context(unit=unit, period=period, progress=progress, user=user)
    pdf, slots = render_pdf_with_slots("pdf/coordination_implementation_report.html", context)
    progress(95)
    return pdf, signing_parties(context["signatures"], slots)


def render_implementation_docx(
    *, unit: AdministrativeUnit, period: Period, progress=lambda p: None, user=None
) -> bytes:
    from docx import Document

    c = implementation_report_context(unit=unit, period=period, progress=progress, user=user)
    doc = Document()
    docx_setup(doc)
    docx_header(doc, c)
    docx_title(doc, c["document_title"], c["subject"])

    def heading(text):
        paragraph = docx_paragraph(doc, text, bold=True)
        paragraph.paragraph_format.keep_with_next = True
        return paragraph

    heading("I. KẾT QUẢ THỰC HIỆN")
    if c["figures"]:
        heading("1. Kết quả hoạt động theo quy chế")
        rows = []
        for index, f in enumerate(c["figures"], start=1):
            text = f"{f.group}: {f.label}" if f.group else f.label
            if f.breakdown:
                text += " (" + "; ".join(f"{label}: {vn_number(count)}" for label, count in f.breakdown) + ")"
            rows.append([str(index), text, vn_number(f.value)])
        docx_table(doc, ["TT", "Nội dung", "Số liệu"], rows, [8, 76, 16], numeric={0, 2})
    heading(f"{2 if c['figures'] else 1}. Thực hiện nhiệm vụ phối hợp (chỉ số phối hợp nội bộ)")
    t = c["totals"]
    rate = vn_share(t["on_time"], t["due"]) if t["due"] else "chưa có việc đến hạn"
    docx_paragraph(
        doc,
        f"Trong {period.label}, các cơ quan có tổng số {vn_number(t['total'])} việc phải thực hiện theo quy "
        f"chế "
        f"và kế hoạch phối hợp; đã hoàn thành {vn_number(t['done'])} việc (đúng hạn "
        f"{vn_number(t['on_time'])}); "
        f"quá hạn {vn_number(t['overdue'])} việc; đang thực hiện {vn_number(t['open'])} việc. "
        f"Tỷ lệ hoàn thành đúng hạn: {rate}.",
    )
    docx_table(
        doc,
        ["TT", "Cơ quan chủ trì", "Hoàn thành", "Đúng hạn", "Quá hạn", "Đang làm", "Tỷ lệ đúng hạn"],
        [
            [
                str(i),
                r["name"],
                vn_number(r["done"]),
                vn_number(r["on_time"]),
                vn_number(r["overdue"]),
                vn_number(r["open"]),
                vn_share(r["on_time"], r["due"]),
            ]
            for i, r in enumerate(c["per_body"], start=1)
        ],
        [7, 29, 12, 12, 11, 12, 17],
        numeric={0, 2, 3, 4, 5, 6},
    )
    progress(80)
    heading("II. TỒN TẠI, HẠN CHẾ")
    if c["overdue"]:
        docx_paragraph(doc, f"Còn {vn_number(t['overdue'])} việc quá hạn chưa hoàn thành, trong đó:")
        docx_table(
            doc,
            ["TT", "Nội dung", "Cơ quan chủ trì", "Thời hạn"],
            [
                [str(i), f.title, str(f.lead_body), f"{f.due_on:%d/%m/%Y}"]
                for i, f in enumerate(c["overdue"], start=1)
            ],
            [7, 55, 22, 16],
            numeric={0},
        )
    else:
        docx_paragraph(doc, "Không có việc quá hạn trong kỳ.")
    heading("III. NHIỆM VỤ TRỌNG TÂM KỲ TỚI")
    if c["next_tasks"]:
        docx_table(
            doc,
            ["TT", "Nội dung", "Cơ quan chủ trì", "Thời hạn"],
            [
                [str(i), f.title, str(f.lead_body), f"{f.due_on:%d/%m/%Y}"]
                for i, f in enumerate(c["next_tasks"], start=1)
            ],
            [7, 55, 22, 16],
            numeric={0},
        )
    else:
        docx_paragraph(doc, "Tiếp tục thực hiện nghiêm Quy chế phối hợp.")
    docx_signatures(doc, c["signatures"], c["recipients"])
    buffer = BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def report_period(params: dict) -> tuple[AdministrativeUnit, Period]:
    return AdministrativeUnit.objects.get(pk=params["unit_id"]), parse_period(params["period"])
