"""Cursor pagination on the primary key (its index): page 10,000 costs what page 1 does."""

from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import CursorPagination


class IdCursorPagination(CursorPagination):
    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    cursor_query_description = _("Con trỏ trang: lấy từ liên kết «next» hoặc «previous» của trang trước.")
    page_size_query_description = _("Số dòng mỗi trang (mặc định 50, tối đa 200).")
