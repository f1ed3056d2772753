"""The time limits that laws set, as rule data (StatutoryRule rows an administrator can edit).

Each code names one tracked deadline. ``deadline_rules.rule_for`` prefers the confirmed obligation
of the regulation in force that carries the same code, and falls back to the row seeded here.
"""

# code, name, legal basis, fields of DeadlineRule
STATUTORY_RULES = [
    ("joint_meeting", "Hội nghị liên tịch thống nhất nội dung, chương trình kỳ họp", "Luật Tổ chức chính quyền địa phương",
     {"anchor": "session_opening", "direction": "before", "amount": 30}),
    ("submission_due", "UBND gửi tờ trình, dự thảo nghị quyết để thẩm tra", "Luật Tổ chức chính quyền địa phương; quy chế phối hợp",
     {"anchor": "session_opening", "direction": "before", "amount": 20}),
    ("review_report_due", "Các Ban HĐND gửi báo cáo thẩm tra", "Quy chế phối hợp",
     {"anchor": "session_opening", "direction": "before", "amount": 7}),
    ("front_petition_report", "Ban Thường trực UBMTTQ gửi báo cáo tổng hợp ý kiến, kiến nghị cử tri", "Quy chế phối hợp",
     {"anchor": "session_opening", "direction": "before", "amount": 10}),
    ("petition_compile", "Tổng hợp, phân loại, chuyển kiến nghị cử tri sau đợt tiếp xúc", "Quy chế phối hợp",
     {"anchor": "round_end", "direction": "after", "amount": 15}),
    ("petition_answer", "Cơ quan có thẩm quyền trả lời kiến nghị của cử tri", "Luật Hoạt động giám sát của Quốc hội và HĐND",
     {"anchor": "receipt", "direction": "after", "amount": 60}),
    ("petition_result_report", "Báo cáo kết quả giải quyết kiến nghị cử tri trước kỳ họp", "Nghị quyết 525/2012/UBTVQH13",
     {"anchor": "session_opening", "direction": "before", "amount": 20, "day_unit": "working"}),
    ("written_answer", "Trả lời chất vấn bằng văn bản giữa hai kỳ họp", "Luật Hoạt động giám sát của Quốc hội và HĐND",
     {"anchor": "receipt", "direction": "after", "amount": 20}),
    ("explanation_notice", "Thông báo phiên giải trình", "Luật Hoạt động giám sát của Quốc hội và HĐND",
     {"anchor": "meeting", "direction": "before", "amount": 10}),
    ("between_sessions_reply", "Thường trực HĐND cho ý kiến vấn đề phát sinh giữa hai kỳ họp", "Quy chế phối hợp",
     {"anchor": "receipt", "direction": "after", "amount": 10, "day_unit": "working"}),
    ("social_criticism", "Gửi văn bản phản biện xã hội", "Luật Mặt trận Tổ quốc Việt Nam",
     {"anchor": "receipt", "direction": "after", "amount": 15}),
    ("supervision_notify", "Thông báo kế hoạch giám sát cho cơ quan chịu giám sát", "Luật Hoạt động giám sát của Quốc hội và HĐND",
     {"anchor": "decision", "direction": "after", "amount": 15}),
    ("supervision_programme", "Gửi chương trình, lịch làm việc trước khi giám sát trực tiếp", "Luật Hoạt động giám sát của Quốc hội và HĐND",
     {"anchor": "visit", "direction": "before", "amount": 10}),
    ("supervision_report", "Báo cáo kết quả giám sát", "Luật Hoạt động giám sát của Quốc hội và HĐND",
     {"anchor": "activity_end", "direction": "after", "amount": 15}),
    ("recommendation_answer", "Báo cáo kết quả thực hiện kiến nghị sau giám sát", "Quy chế phối hợp",
     {"anchor": "receipt", "direction": "after", "amount": 30}),
    ("citizen_reply", "Trả lời người đến kiến nghị, phản ánh khi tiếp công dân", "Luật Tiếp công dân 2013, Điều 28",
     {"anchor": "receipt", "direction": "after", "amount": 10, "day_unit": "working"}),
    ("complaint_accept", "Thụ lý giải quyết khiếu nại", "Luật Khiếu nại 2011, Điều 27",
     {"anchor": "receipt", "direction": "after", "amount": 10}),
    ("complaint_resolve", "Giải quyết khiếu nại lần đầu", "Luật Khiếu nại 2011, Điều 28",
     {"anchor": "receipt", "direction": "after", "amount": 30, "remote_extra_days": 15}),
    ("complaint_resolve_complex", "Giải quyết khiếu nại lần đầu (vụ việc phức tạp)", "Luật Khiếu nại 2011, Điều 28",
     {"anchor": "receipt", "direction": "after", "amount": 45, "remote_extra_days": 15}),
    ("complaint_second_resolve", "Giải quyết khiếu nại lần hai", "Luật Khiếu nại 2011, Điều 37",
     {"anchor": "receipt", "direction": "after", "amount": 45, "remote_extra_days": 15}),
    ("complaint_second_resolve_complex", "Giải quyết khiếu nại lần hai (vụ việc phức tạp)", "Luật Khiếu nại 2011, Điều 37",
     {"anchor": "receipt", "direction": "after", "amount": 60, "remote_extra_days": 15}),
    ("denunciation_classify", "Phân loại, xử lý ban đầu đơn tố cáo", "Luật Tố cáo 2018, Điều 24",
     {"anchor": "receipt", "direction": "after", "amount": 7, "day_unit": "working"}),
    ("denunciation_forward", "Chuyển đơn tố cáo không thuộc thẩm quyền", "Luật Tố cáo 2018, Điều 24",
     {"anchor": "receipt", "direction": "after", "amount": 5, "day_unit": "working"}),
    ("denunciation_resolve", "Giải quyết tố cáo (gia hạn tối đa hai lần, mỗi lần 30 ngày)", "Luật Tố cáo 2018, Điều 30",
     {"anchor": "decision", "direction": "after", "amount": 30}),
    ("denunciation_extension", "Gia hạn giải quyết tố cáo (mỗi lần)", "Luật Tố cáo 2018, Điều 30",
     {"anchor": "decision", "direction": "after", "amount": 30}),
    ("document_signature", "Lãnh đạo bên tiếp theo ký số văn bản liên tịch", "Quy chế phối hợp",
     {"anchor": "receipt", "direction": "after", "amount": 2, "day_unit": "working"}),
]


def _with_day_off_shift(fields: dict) -> dict:
    """Each rule says where it ends when its last day is a day off: "before" rules earlier, the rest later."""
    return {"day_off_shift": "previous" if fields.get("direction") == "before" else "next", **fields}


STATUTORY_RULES = [(code, name, basis, _with_day_off_shift(fields)) for code, name, basis, fields in STATUTORY_RULES]


def statutory_rules_ensure(StatutoryRule=None) -> None:
    """Create missing rules; an administrator's later edits to existing rows are kept."""
    if StatutoryRule is None:
        from coordination.models import StatutoryRule
    # An early migration seeds through the model as it was then, without the fields added since.
    known = {f.name for f in StatutoryRule._meta.fields}
    for code, name, legal_basis, fields in STATUTORY_RULES:
        defaults = {"name": name, "legal_basis": legal_basis, "rule_kind": "relative", **fields}
        StatutoryRule.objects.get_or_create(code=code, defaults={k: v for k, v in defaults.items() if k in known})
