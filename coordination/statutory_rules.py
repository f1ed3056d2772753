"""The time limits that laws set, as rule data (StatutoryRule rows an administrator can edit).

Each code names one tracked deadline. ``deadline_rules.rule_for`` prefers the confirmed obligation
of the regulation in force that carries the same code, and falls back to the row seeded here.
"""

from django.db import models


class DeadlineCode(models.TextChoices):
    """The tracked deadlines, one per StatutoryRule row; the name people read is the row's ``name``."""

    JOINT_MEETING = "joint_meeting"
    SUBMISSION_DUE = "submission_due"
    REVIEW_REPORT_DUE = "review_report_due"
    FRONT_PETITION_REPORT = "front_petition_report"
    PETITION_COMPILE = "petition_compile"
    PETITION_ANSWER = "petition_answer"
    PETITION_RESULT_REPORT = "petition_result_report"
    WRITTEN_ANSWER = "written_answer"
    EXPLANATION_NOTICE = "explanation_notice"
    BETWEEN_SESSIONS_REPLY = "between_sessions_reply"
    SOCIAL_CRITICISM = "social_criticism"
    SUPERVISION_NOTIFY = "supervision_notify"
    SUPERVISION_PROGRAMME = "supervision_programme"
    SUPERVISION_REPORT = "supervision_report"
    RECOMMENDATION_ANSWER = "recommendation_answer"
    CITIZEN_REPLY = "citizen_reply"
    COMPLAINT_ACCEPT = "complaint_accept"
    COMPLAINT_RESOLVE = "complaint_resolve"
    COMPLAINT_RESOLVE_COMPLEX = "complaint_resolve_complex"
    COMPLAINT_SECOND_RESOLVE = "complaint_second_resolve"
    COMPLAINT_SECOND_RESOLVE_COMPLEX = "complaint_second_resolve_complex"
    DENUNCIATION_CLASSIFY = "denunciation_classify"
    DENUNCIATION_FORWARD = "denunciation_forward"
    DENUNCIATION_RESOLVE = "denunciation_resolve"
    DENUNCIATION_EXTENSION = "denunciation_extension"
    DOCUMENT_SIGNATURE = "document_signature"


# code, name, legal basis, fields of DeadlineRule
STATUTORY_RULES = [
    (
        DeadlineCode.JOINT_MEETING,
        "Hội nghị liên tịch thống nhất nội dung, chương trình kỳ họp",
        "Luật Tổ chức chính quyền địa phương",
        {"anchor": "session_opening", "direction": "before", "amount": 30},
    ),
    (
        DeadlineCode.SUBMISSION_DUE,
        "UBND gửi tờ trình, dự thảo nghị quyết để thẩm tra",
        "Luật Tổ chức chính quyền địa phương; quy chế phối hợp",
        {"anchor": "session_opening", "direction": "before", "amount": 20},
    ),
    (
        DeadlineCode.REVIEW_REPORT_DUE,
        "Các Ban HĐND gửi báo cáo thẩm tra",
        "Quy chế phối hợp",
        {"anchor": "session_opening", "direction": "before", "amount": 7},
    ),
    (
        DeadlineCode.FRONT_PETITION_REPORT,
        "Ban Thường trực UBMTTQ gửi báo cáo tổng hợp ý kiến, kiến nghị cử tri",
        "Quy chế phối hợp",
        {"anchor": "session_opening", "direction": "before", "amount": 10},
    ),
    (
        DeadlineCode.PETITION_COMPILE,
        "Tổng hợp, phân loại, chuyển kiến nghị cử tri sau đợt tiếp xúc",
        "Quy chế phối hợp",
        {"anchor": "round_end", "direction": "after", "amount": 15},
    ),
    (
        DeadlineCode.PETITION_ANSWER,
        "Cơ quan có thẩm quyền trả lời kiến nghị của cử tri",
        "Luật Hoạt động giám sát của Quốc hội và HĐND",
        {"anchor": "receipt", "direction": "after", "amount": 60},
    ),
    (
        DeadlineCode.PETITION_RESULT_REPORT,
        "Báo cáo kết quả giải quyết kiến nghị cử tri trước kỳ họp",
        "Nghị quyết 525/2012/UBTVQH13",
        {"anchor": "session_opening", "direction": "before", "amount": 20, "day_unit": "working"},
    ),
    (
        DeadlineCode.WRITTEN_ANSWER,
        "Trả lời chất vấn bằng văn bản giữa hai kỳ họp",
        "Luật Hoạt động giám sát của Quốc hội và HĐND",
        {"anchor": "receipt", "direction": "after", "amount": 20},
    ),
    (
        DeadlineCode.EXPLANATION_NOTICE,
        "Thông báo phiên giải trình",
        "Luật Hoạt động giám sát của Quốc hội và HĐND",
        {"anchor": "meeting", "direction": "before", "amount": 10},
    ),
    (
        DeadlineCode.BETWEEN_SESSIONS_REPLY,
        "Thường trực HĐND cho ý kiến vấn đề phát sinh giữa hai kỳ họp",
        "Quy chế phối hợp",
        {"anchor": "receipt", "direction": "after", "amount": 10, "day_unit": "working"},
    ),
    (
        DeadlineCode.SOCIAL_CRITICISM,
        "Gửi văn bản phản biện xã hội",
        "Luật Mặt trận Tổ quốc Việt Nam",
        {"anchor": "receipt", "direction": "after", "amount": 15},
    ),
    (
        DeadlineCode.SUPERVISION_NOTIFY,
        "Thông báo kế hoạch giám sát cho cơ quan chịu giám sát",
        "Luật Hoạt động giám sát của Quốc hội và HĐND",
        {"anchor": "decision", "direction": "after", "amount": 15},
    ),
    (
        DeadlineCode.SUPERVISION_PROGRAMME,
        "Gửi chương trình, lịch làm việc trước khi giám sát trực tiếp",
        "Luật Hoạt động giám sát của Quốc hội và HĐND",
        {"anchor": "visit", "direction": "before", "amount": 10},
    ),
    (
        DeadlineCode.SUPERVISION_REPORT,
        "Báo cáo kết quả giám sát",
        "Luật Hoạt động giám sát của Quốc hội và HĐND",
        {"anchor": "activity_end", "direction": "after", "amount": 15},
    ),
    (
        DeadlineCode.RECOMMENDATION_ANSWER,
        "Báo cáo kết quả thực hiện kiến nghị sau giám sát",
        "Quy chế phối hợp",
        {"anchor": "receipt", "direction": "after", "amount": 30},
    ),
    (
        DeadlineCode.CITIZEN_REPLY,
        "Trả lời người đến kiến nghị, phản ánh khi tiếp công dân",
        "Luật Tiếp công dân 2013, Điều 28",
        {"anchor": "receipt", "direction": "after", "amount": 10, "day_unit": "working"},
    ),
    (
        DeadlineCode.COMPLAINT_ACCEPT,
        "Thụ lý giải quyết khiếu nại",
        "Luật Khiếu nại 2011, Điều 27",
        {"anchor": "receipt", "direction": "after", "amount": 10},
    ),
    (
        DeadlineCode.COMPLAINT_RESOLVE,
        "Giải quyết khiếu nại lần đầu",
        "Luật Khiếu nại 2011, Điều 28",
        {"anchor": "receipt", "direction": "after", "amount": 30, "remote_extra_days": 15},
    ),
    (
        DeadlineCode.COMPLAINT_RESOLVE_COMPLEX,
        "Giải quyết khiếu nại lần đầu (vụ việc phức tạp)",
        "Luật Khiếu nại 2011, Điều 28",
        {"anchor": "receipt", "direction": "after", "amount": 45, "remote_extra_days": 15},
    ),
    (
        DeadlineCode.COMPLAINT_SECOND_RESOLVE,
        "Giải quyết khiếu nại lần hai",
        "Luật Khiếu nại 2011, Điều 37",
        {"anchor": "receipt", "direction": "after", "amount": 45, "remote_extra_days": 15},
    ),
    (
        DeadlineCode.COMPLAINT_SECOND_RESOLVE_COMPLEX,
        "Giải quyết khiếu nại lần hai (vụ việc phức tạp)",
        "Luật Khiếu nại 2011, Điều 37",
        {"anchor": "receipt", "direction": "after", "amount": 60, "remote_extra_days": 15},
    ),
    (
        DeadlineCode.DENUNCIATION_CLASSIFY,
        "Phân loại, xử lý ban đầu đơn tố cáo",
        "Luật Tố cáo 2018, Điều 24",
        {"anchor": "receipt", "direction": "after", "amount": 7, "day_unit": "working"},
    ),
    (
        DeadlineCode.DENUNCIATION_FORWARD,
        "Chuyển đơn tố cáo không thuộc thẩm quyền",
        "Luật Tố cáo 2018, Điều 24",
        {"anchor": "receipt", "direction": "after", "amount": 5, "day_unit": "working"},
    ),
    (
        DeadlineCode.DENUNCIATION_RESOLVE,
        "Giải quyết tố cáo (gia hạn tối đa hai lần, mỗi lần 30 ngày)",
        "Luật Tố cáo 2018, Điều 30",
        {"anchor": "decision", "direction": "after", "amount": 30},
    ),
    (
        DeadlineCode.DENUNCIATION_EXTENSION,
        "Gia hạn giải quyết tố cáo (mỗi lần)",
        "Luật Tố cáo 2018, Điều 30",
        {"anchor": "decision", "direction": "after", "amount": 30},
    ),
    (
        DeadlineCode.DOCUMENT_SIGNATURE,
        "Lãnh đạo bên tiếp theo ký số văn bản liên tịch",
        "Quy chế phối hợp",
        {"anchor": "receipt", "direction": "after", "amount": 2, "day_unit": "working"},
    ),
]


def _with_day_off_shift(fields: dict) -> dict:
    """Each rule says where it ends when its last day is a day off: "before" rules earlier, the rest later."""
    return {"day_off_shift": "previous" if fields.get("direction") == "before" else "next", **fields}


STATUTORY_RULES = [
    (code, name, basis, _with_day_off_shift(fields)) for code, name, basis, fields in STATUTORY_RULES
]


def statutory_rules_ensure(StatutoryRule=None) -> None:
    """Create missing rules; an administrator's later edits to existing rows are kept."""
    if StatutoryRule is None:
        from coordination.models import StatutoryRule
    # An early migration seeds through the model as it was then, without the fields added since.
    known = {f.name for f in StatutoryRule._meta.fields}
    for code, name, legal_basis, fields in STATUTORY_RULES:
        defaults = {"name": name, "legal_basis": legal_basis, "rule_kind": "relative", **fields}
        StatutoryRule.objects.get_or_create(
            code=code, defaults={k: v for k, v in defaults.items() if k in known}
        )
