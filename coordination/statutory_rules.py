"""The time limits that laws set, as rule data (StatutoryRule rows an administrator can edit).

Each code names one tracked deadline. ``deadline_rules.rule_for`` prefers the confirmed obligation
of the regulation in force that carries the same code, and falls back to the row seeded here.
"""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class DeadlineCode(models.TextChoices):
    """The tracked deadlines, one per StatutoryRule row. The label is what a person reads wherever a code
    would show (a follow-up's source, the law's deadline an obligation replaces); it seeds the row's name."""

    JOINT_MEETING = "joint_meeting", _("Hội nghị liên tịch thống nhất nội dung, chương trình kỳ họp")
    SUBMISSION_DUE = "submission_due", _("UBND gửi tờ trình, dự thảo nghị quyết để thẩm tra")
    REVIEW_REPORT_DUE = "review_report_due", _("Các Ban HĐND gửi báo cáo thẩm tra")
    FRONT_PETITION_REPORT = (
        "front_petition_report",
        _("Ban Thường trực UBMTTQ gửi báo cáo tổng hợp ý kiến, kiến nghị cử tri"),
    )
    PETITION_COMPILE = "petition_compile", _("Tổng hợp, phân loại, chuyển kiến nghị cử tri sau đợt tiếp xúc")
    PETITION_ANSWER = "petition_answer", _("Cơ quan có thẩm quyền trả lời kiến nghị của cử tri")
    PETITION_RESULT_REPORT = (
        "petition_result_report",
        _("Báo cáo kết quả giải quyết kiến nghị cử tri trước kỳ họp"),
    )
    WRITTEN_ANSWER = "written_answer", _("Trả lời chất vấn bằng văn bản giữa hai kỳ họp")
    EXPLANATION_NOTICE = "explanation_notice", _("Thông báo phiên giải trình")
    BETWEEN_SESSIONS_REPLY = (
        "between_sessions_reply",
        _("Thường trực HĐND cho ý kiến vấn đề phát sinh giữa hai kỳ họp"),
    )
    SOCIAL_CRITICISM = "social_criticism", _("Gửi văn bản phản biện xã hội")
    SUPERVISION_NOTIFY = "supervision_notify", _("Thông báo kế hoạch giám sát cho cơ quan chịu giám sát")
    SUPERVISION_PROGRAMME = (
        "supervision_programme",
        _("Gửi chương trình, lịch làm việc trước khi giám sát trực tiếp"),
    )
    SUPERVISION_REPORT = "supervision_report", _("Báo cáo kết quả giám sát")
    RECOMMENDATION_ANSWER = "recommendation_answer", _("Báo cáo kết quả thực hiện kiến nghị sau giám sát")
    CITIZEN_REPLY = "citizen_reply", _("Trả lời người đến kiến nghị, phản ánh khi tiếp công dân")
    COMPLAINT_ACCEPT = "complaint_accept", _("Thụ lý giải quyết khiếu nại")
    COMPLAINT_RESOLVE = "complaint_resolve", _("Giải quyết khiếu nại lần đầu")
    COMPLAINT_RESOLVE_COMPLEX = (
        "complaint_resolve_complex",
        _("Giải quyết khiếu nại lần đầu (vụ việc phức tạp)"),
    )
    COMPLAINT_SECOND_RESOLVE = "complaint_second_resolve", _("Giải quyết khiếu nại lần hai")
    COMPLAINT_SECOND_RESOLVE_COMPLEX = (
        "complaint_second_resolve_complex",
        _("Giải quyết khiếu nại lần hai (vụ việc phức tạp)"),
    )
    DENUNCIATION_CLASSIFY = "denunciation_classify", _("Phân loại, xử lý ban đầu đơn tố cáo")
    DENUNCIATION_FORWARD = "denunciation_forward", _("Chuyển đơn tố cáo không thuộc thẩm quyền")
    DENUNCIATION_RESOLVE = (
        "denunciation_resolve",
        _("Giải quyết tố cáo (gia hạn tối đa hai lần, mỗi lần 30 ngày)"),
    )
    DENUNCIATION_EXTENSION = "denunciation_extension", _("Gia hạn giải quyết tố cáo (mỗi lần)")
    DOCUMENT_SIGNATURE = "document_signature", _("Lãnh đạo bên tiếp theo ký số văn bản liên tịch")


# code (its label is the rule's name), legal basis, fields of DeadlineRule
STATUTORY_RULES = [
    (
        DeadlineCode.JOINT_MEETING,
        "Luật Tổ chức chính quyền địa phương",
        {"anchor": "session_opening", "direction": "before", "amount": 30},
    ),
    (
        DeadlineCode.SUBMISSION_DUE,
        "Luật Tổ chức chính quyền địa phương; quy chế phối hợp",
        {"anchor": "session_opening", "direction": "before", "amount": 20},
    ),
    (
        DeadlineCode.REVIEW_REPORT_DUE,
        "Quy chế phối hợp",
        {"anchor": "session_opening", "direction": "before", "amount": 7},
    ),
    (
        DeadlineCode.FRONT_PETITION_REPORT,
        "Quy chế phối hợp",
        {"anchor": "session_opening", "direction": "before", "amount": 10},
    ),
    (
        DeadlineCode.PETITION_COMPILE,
        "Quy chế phối hợp",
        {"anchor": "round_end", "direction": "after", "amount": 15},
    ),
    (
        DeadlineCode.PETITION_ANSWER,
        "Luật Hoạt động giám sát của Quốc hội và HĐND",
        {"anchor": "receipt", "direction": "after", "amount": 60},
    ),
    (
        DeadlineCode.PETITION_RESULT_REPORT,
        "Nghị quyết 525/2012/UBTVQH13",
        {"anchor": "session_opening", "direction": "before", "amount": 20, "day_unit": "working"},
    ),
    (
        DeadlineCode.WRITTEN_ANSWER,
        "Luật Hoạt động giám sát của Quốc hội và HĐND",
        {"anchor": "receipt", "direction": "after", "amount": 20},
    ),
    (
        DeadlineCode.EXPLANATION_NOTICE,
        "Luật Hoạt động giám sát của Quốc hội và HĐND",
        {"anchor": "meeting", "direction": "before", "amount": 10},
    ),
    (
        DeadlineCode.BETWEEN_SESSIONS_REPLY,
        "Quy chế phối hợp",
        {"anchor": "receipt", "direction": "after", "amount": 10, "day_unit": "working"},
    ),
    (
        DeadlineCode.SOCIAL_CRITICISM,
        "Luật Mặt trận Tổ quốc Việt Nam",
        {"anchor": "receipt", "direction": "after", "amount": 15},
    ),
    (
        DeadlineCode.SUPERVISION_NOTIFY,
        "Luật Hoạt động giám sát của Quốc hội và HĐND",
        {"anchor": "decision", "direction": "after", "amount": 15},
    ),
    (
        DeadlineCode.SUPERVISION_PROGRAMME,
        "Luật Hoạt động giám sát của Quốc hội và HĐND",
        {"anchor": "visit", "direction": "before", "amount": 10},
    ),
    (
        DeadlineCode.SUPERVISION_REPORT,
        "Luật Hoạt động giám sát của Quốc hội và HĐND",
        {"anchor": "activity_end", "direction": "after", "amount": 15},
    ),
    (
        DeadlineCode.RECOMMENDATION_ANSWER,
        "Quy chế phối hợp",
        {"anchor": "receipt", "direction": "after", "amount": 30},
    ),
    (
        DeadlineCode.CITIZEN_REPLY,
        "Luật Tiếp công dân 2013, Điều 28",
        {"anchor": "receipt", "direction": "after", "amount": 10, "day_unit": "working"},
    ),
    (
        DeadlineCode.COMPLAINT_ACCEPT,
        "Luật Khiếu nại 2011, Điều 27",
        {"anchor": "receipt", "direction": "after", "amount": 10},
    ),
    (
        DeadlineCode.COMPLAINT_RESOLVE,
        "Luật Khiếu nại 2011, Điều 28",
        {"anchor": "receipt", "direction": "after", "amount": 30, "remote_extra_days": 15},
    ),
    (
        DeadlineCode.COMPLAINT_RESOLVE_COMPLEX,
        "Luật Khiếu nại 2011, Điều 28",
        {"anchor": "receipt", "direction": "after", "amount": 45, "remote_extra_days": 15},
    ),
    (
        DeadlineCode.COMPLAINT_SECOND_RESOLVE,
        "Luật Khiếu nại 2011, Điều 37",
        {"anchor": "receipt", "direction": "after", "amount": 45, "remote_extra_days": 15},
    ),
    (
        DeadlineCode.COMPLAINT_SECOND_RESOLVE_COMPLEX,
        "Luật Khiếu nại 2011, Điều 37",
        {"anchor": "receipt", "direction": "after", "amount": 60, "remote_extra_days": 15},
    ),
    (
        DeadlineCode.DENUNCIATION_CLASSIFY,
        "Luật Tố cáo 2018, Điều 24",
        {"anchor": "receipt", "direction": "after", "amount": 7, "day_unit": "working"},
    ),
    (
        DeadlineCode.DENUNCIATION_FORWARD,
        "Luật Tố cáo 2018, Điều 24",
        {"anchor": "receipt", "direction": "after", "amount": 5, "day_unit": "working"},
    ),
    (
        DeadlineCode.DENUNCIATION_RESOLVE,
        "Luật Tố cáo 2018, Điều 30",
        {"anchor": "decision", "direction": "after", "amount": 30},
    ),
    (
        DeadlineCode.DENUNCIATION_EXTENSION,
        "Luật Tố cáo 2018, Điều 30",
        {"anchor": "decision", "direction": "after", "amount": 30},
    ),
    (
        DeadlineCode.DOCUMENT_SIGNATURE,
        "Quy chế phối hợp",
        {"anchor": "receipt", "direction": "after", "amount": 2, "day_unit": "working"},
    ),
]


def _with_day_off_shift(fields: dict) -> dict:
    """Each rule says where it ends when its last day is a day off: "before" rules earlier, the rest later."""
    return {"day_off_shift": "previous" if fields.get("direction") == "before" else "next", **fields}


STATUTORY_RULES = [(code, basis, _with_day_off_shift(fields)) for code, basis, fields in STATUTORY_RULES]


def statutory_rules_ensure(StatutoryRule=None) -> None:
    """Create missing rules; an administrator's later edits to existing rows are kept."""
    if StatutoryRule is None:
        from coordination.models import StatutoryRule
    # An early migration seeds through the model as it was then, without the fields added since.
    known = {f.name for f in StatutoryRule._meta.fields}
    for code, legal_basis, fields in STATUTORY_RULES:
        with translation.override(None):  # the row holds the Vietnamese name, whatever language is active
            name = str(code.label)
        defaults = {"name": name, "legal_basis": legal_basis, "rule_kind": "relative", **fields}
        StatutoryRule.objects.get_or_create(
            code=code, defaults={k: v for k, v in defaults.items() if k in known}
        )
