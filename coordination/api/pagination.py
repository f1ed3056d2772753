"""Cursor pagination on the primary key (its index): page 10,000 costs what page 1 does; and cursor pages over
rows made in Python (the calendar)."""

import binascii
from base64 import b64decode, b64encode

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound
from rest_framework.pagination import BasePagination, CursorPagination, _positive_int
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param


class IdCursorPagination(CursorPagination):
    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    cursor_query_description = _("Con trỏ trang: lấy từ liên kết «next» hoặc «previous» của trang trước.")
    page_size_query_description = _("Số dòng mỗi trang (mặc định 50, tối đa 200).")


class ListCursorPagination(BasePagination):
    """Cursor pages over rows made in Python rather than read from one table (the calendar's events come
    from each app's provider, sorted the same way on every request): the cursor holds the position in that
    order. The answer has the shape of ``IdCursorPagination``'s (``next``, ``previous``, ``results``)."""

    page_size = IdCursorPagination.page_size
    max_page_size = IdCursorPagination.max_page_size
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    invalid_cursor_message = _("Con trỏ trang không hợp lệ.")

    def _size(self, request) -> int:
        try:
            return _positive_int(request.query_params[self.page_size_query_param], strict=True,
                                 cutoff=self.max_page_size)
        except (KeyError, ValueError):
            return self.page_size

    def _offset(self, request) -> int:
        encoded = request.query_params.get(self.cursor_query_param)
        if not encoded:
            return 0
        try:
            text = b64decode(encoded.encode("ascii"), altchars=b"-_", validate=True).decode("ascii")
            key, _sep, value = text.partition("=")
            if key != "o" or not value.isdigit() or len(value) > 9:
                raise ValueError(text)
            return int(value)
        except (ValueError, UnicodeError, binascii.Error):
            raise NotFound(self.invalid_cursor_message) from None

    def _link(self, offset: int | None) -> str | None:
        if offset is None:
            return None
        url = self.request.build_absolute_uri()
        if offset == 0:
            return remove_query_param(url, self.cursor_query_param)
        cursor = b64encode(f"o={offset}".encode("ascii"), altchars=b"-_").decode("ascii")
        return replace_query_param(url, self.cursor_query_param, cursor)

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        size, offset = self._size(request), self._offset(request)
        rows = list(queryset)
        self.next_offset = offset + size if offset + size < len(rows) else None
        self.previous_offset = max(0, offset - size) if offset > 0 else None
        return rows[offset: offset + size]

    def get_paginated_response(self, data):
        return Response({"next": self._link(self.next_offset), "previous": self._link(self.previous_offset),
                         "results": data})

    def get_paginated_response_schema(self, schema):
        return CursorPagination.get_paginated_response_schema(self, schema)

    def get_schema_operation_parameters(self, view):
        return [
            {"name": self.cursor_query_param, "required": False, "in": "query",
             "description": str(IdCursorPagination.cursor_query_description), "schema": {"type": "string"}},
            {"name": self.page_size_query_param, "required": False, "in": "query",
             "description": str(IdCursorPagination.page_size_query_description),
             "schema": {"type": "integer"}},
        ]
