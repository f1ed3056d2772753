"""The schema states every answer an endpoint gives: its errors too, so that a client (and schemathesis)
can check each one against it."""

from django.utils.translation import gettext_lazy as _

ERROR_SCHEMA = {
    "type": "object",
    "description": "Lỗi: «detail» là lời nhắn; lỗi nhập liệu nêu tên từng trường và lời nhắn của nó.",
    "additionalProperties": True,
    "properties": {"detail": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}},
}
ERRORS = {
    "400": _("Dữ liệu hoặc bộ lọc không hợp lệ"),
    "401": _("Thiếu khóa, khóa sai, đã thu hồi hoặc hết hạn"),
    "403": _("Không có quyền (hoặc khóa chỉ đọc)"),
    "404": _("Không tìm thấy hoặc không được biết"),
    "405": _("Phương thức không được phép"),
}


def add_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            codes = dict(ERRORS)
            if method == "post":
                codes["422"] = _("Khóa chống lặp đã dùng cho một yêu cầu khác")
            for code, description in codes.items():
                operation["responses"].setdefault(
                    code, {"description": str(description), "content": reference}
                )
    return result
