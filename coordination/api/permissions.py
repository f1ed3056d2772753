"""Who may call the API at all; what each object allows is its app's door, as on the pages."""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from coordination.models import ApiToken


class TokenScope(permissions.BasePermission):
    """Signed in (a token or the site's session); a read-only token reads and never writes."""

    message = _("Khóa truy cập API này chỉ được đọc, không được ghi.")

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        return not isinstance(request.auth, ApiToken) or request.auth.can_write
