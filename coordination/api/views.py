"""The base of every API view: idempotent POSTs (``Idempotency-Key``) and the log of each token's use."""

import hashlib
import json
from datetime import timedelta

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from coordination.models import ApiToken, ApiTokenUse, IdempotentRequest

IDEMPOTENCY_HEADER = "Idempotency-Key"
IDEMPOTENCY_KEY_MAX = 255
# A claim whose request never answered (its process was killed) is taken over by a retry after this long.
IDEMPOTENCY_CLAIM_EXPIRES = timedelta(minutes=5)

IDEMPOTENCY_PARAMETER = OpenApiParameter(
    IDEMPOTENCY_HEADER, OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description=_(
        "Một chuỗi duy nhất cho mỗi thao tác: gửi lại cùng khóa và cùng nội dung nhận lại câu trả lời lần "
        "đầu, không thực hiện lần hai; cùng khóa với nội dung khác bị từ chối (422); gửi lại khi lần đầu còn "
        "đang xử lý nhận 409."
    ),
)


class KeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = _("Khóa chống lặp (Idempotency-Key) này đã dùng cho một yêu cầu có nội dung khác.")
    default_code = "idempotency_key_reused"


class KeyInProgress(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _(
        "Yêu cầu lần trước với khóa chống lặp (Idempotency-Key) này đang được xử lý; hãy gửi lại sau ít phút."
    )
    default_code = "idempotency_key_in_progress"


class _Replay(Exception):
    def __init__(self, response):
        self.response = response


def request_hash(request) -> str:
    """What the client sent, independent of the multipart boundary: fields, then each file's content."""
    digest = hashlib.sha256(f"{request.method} {request.path}".encode())
    data = request.data
    fields = (
        sorted((k, data.getlist(k)) for k in data if k not in request.FILES)
        if hasattr(data, "getlist")
        else data
    )
    digest.update(json.dumps(fields, sort_keys=True, default=str).encode())
    for name in sorted(request.FILES):
        for upload in request.FILES.getlist(name):
            digest.update(name.encode())
            for chunk in upload.chunks():
                digest.update(chunk)
            upload.seek(0)
    return digest.hexdigest()


class ApiViewMixin:
    """Mixed into every viewset of the API (before DRF's classes)."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self._idempotency = None
        key = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
        if request.method != "POST" or not key:
            return
        if len(key) > IDEMPOTENCY_KEY_MAX:
            raise exceptions.ValidationError(
                {IDEMPOTENCY_HEADER: _("Khóa chống lặp dài quá %(n)s ký tự.") % {"n": IDEMPOTENCY_KEY_MAX}}
            )
        self._idempotency = self._claim(request, key, request_hash(request))

    @staticmethod
    def _claim(request, key: str, fingerprint: str) -> IdempotentRequest:
        """The key's row, claimed for this request before it does anything; the first answer replayed
        (``_Replay``) when there is one; a 409 while another request holding the key is being answered."""
        try:
            with transaction.atomic():
                return IdempotentRequest.objects.create(
                    user=request.user, key=key, method="POST", path=request.path[:500],
                    request_hash=fingerprint, status=None,
                )
        except IntegrityError:
            earlier = IdempotentRequest.objects.get(user=request.user, key=key)
        if (earlier.request_hash, earlier.path, earlier.method) != (fingerprint, request.path, "POST"):
            raise KeyReused()
        if earlier.status is not None:
            replay = Response(earlier.body, status=earlier.status)
            replay["Idempotent-Replayed"] = "true"
            raise _Replay(replay)
        # Unanswered: another request is at work, unless its claim has expired; then one retry (whichever
        # moves created_at first) takes it over.
        taken_over = IdempotentRequest.objects.filter(
            pk=earlier.pk, status=None, created_at=earlier.created_at,
            created_at__lt=timezone.now() - IDEMPOTENCY_CLAIM_EXPIRES,
        ).update(created_at=timezone.now())
        if not taken_over:
            raise KeyInProgress()
        return earlier

    def _release(self):
        """Give the key back (an error of ours, 5xx): a retry must be able to do what this request did not."""
        claim, self._idempotency = self._idempotency, None
        if claim is not None:
            IdempotentRequest.objects.filter(pk=claim.pk, status=None).delete()

    def handle_exception(self, exc):
        if isinstance(exc, _Replay):
            return exc.response
        try:
            return super().handle_exception(exc)
        except Exception:
            self._release()  # an uncaught error becomes Django's 500: finalize_response is not reached
            raise

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        claim = getattr(self, "_idempotency", None)
        if claim is not None and response.status_code >= 500:
            self._release()
        elif claim is not None:
            IdempotentRequest.objects.filter(pk=claim.pk).update(
                status=response.status_code, body=getattr(response, "data", None)
            )
        token = getattr(request, "auth", None)
        if isinstance(token, ApiToken):
            ApiTokenUse.objects.create(token=token, user=token.user, method=request.method,
                                       path=request.get_full_path()[:500], status=response.status_code)
        return response



# DRF's own messages are English (its Vietnamese catalogue is empty): the API answers in the site's words.
_MESSAGES = {
    exceptions.NotAuthenticated: _("Cần khóa truy cập API: gửi tiêu đề «Authorization: Bearer <khóa>»."),
    exceptions.PermissionDenied: _("Bạn không có quyền thực hiện thao tác này."),
    exceptions.NotFound: _("Không tìm thấy."),
    exceptions.MethodNotAllowed: _("Phương thức này không được phép ở địa chỉ này."),
    exceptions.NotAcceptable: _("Không trả lời được theo định dạng yêu cầu (tiêu đề Accept)."),
    exceptions.UnsupportedMediaType: _("Định dạng nội dung gửi lên không được hỗ trợ."),
    exceptions.ParseError: _("Nội dung gửi lên không đọc được."),
}
_OWN_WORDS_POSSIBLE = (exceptions.PermissionDenied, exceptions.NotFound)  # the rest are always DRF's


def exception_handler(exc, context):
    """DRF's handler, its English messages put in Vietnamese; a door's 403 keeps the door's words."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_MESSAGES[exceptions.NotFound])
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or _MESSAGES[exceptions.PermissionDenied])
    elif type(exc) in _MESSAGES:
        default = type(exc).default_detail
        if type(exc) not in _OWN_WORDS_POSSIBLE or str(exc.detail) == str(default):
            exc.detail = exceptions.ErrorDetail(str(_MESSAGES[type(exc)]), code=exc.default_code)
    return drf_exception_handler(exc, context)


def page_not_found(request, exception):
    """Django's 404 for an address no route matches: JSON under /api/, the site's page elsewhere."""
    from django.http import JsonResponse
    from django.views.defaults import page_not_found as site_page_not_found

    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(_MESSAGES[exceptions.NotFound])}, status=404)
    return site_page_not_found(request, exception)
