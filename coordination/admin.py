from django import forms
from django.contrib import admin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from guardian.admin import GuardedModelAdminMixin

from coordination import services, signing
from coordination.admin_scale import LargeTableAdmin
from coordination.confidential import ConfidentialAdmin
from coordination.history_admin import HistoryAdmin
from coordination.models import (
    AdministrativeLevel,
    AdministrativeUnit,
    ApiToken,
    ApiTokenUse,
    Body,
    CalendarDay,
    CoordinationArea,
    Deputy,
    DocumentSignature,
    FollowUp,
    FollowUpComment,
    FollowUpNudge,
    GeneratedReport,
    IdempotentRequest,
    MailServerStatus,
    Membership,
    NotificationPreference,
    OutboxMessage,
    Person,
    Position,
    SignatureCheck,
    SigningCredential,
    StatutoryRule,
    TaskHeartbeat,
    Term,
)


@admin.register(AdministrativeLevel)
class AdministrativeLevelAdmin(admin.ModelAdmin):
    list_display = ["name", "rank", "has_na_delegation"]


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(HistoryAdmin):
    list_display = ["name", "code", "level", "parent", "valid_from", "valid_to", "is_remote"]
    list_filter = ["level", "is_remote", ("valid_to", admin.EmptyFieldListFilter)]
    search_fields = ["name", "code", "search_text"]
    list_select_related = ["level", "parent"]
    autocomplete_fields = ["parent", "predecessors"]


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["__str__", "unit", "legislature", "elected_on"]
    list_filter = ["start_year"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    autocomplete_fields = ["person"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Body)
class BodyAdmin(GuardedModelAdminMixin, HistoryAdmin):
    list_display = ["name", "short_name", "kind", "unit", "parent", "active_from", "active_to"]
    list_filter = ["kind", ("active_to", admin.EmptyFieldListFilter)]
    search_fields = ["name", "short_name", "search_text", "unit__name"]
    list_select_related = ["unit", "parent"]
    autocomplete_fields = ["unit", "parent"]
    inlines = [PositionInline, MembershipInline]


@admin.register(Person)
class PersonAdmin(HistoryAdmin):
    list_display = ["full_name", "email", "phone", "user"]
    search_fields = ["full_name", "search_text", "email"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]
    inlines = [PositionInline]


@admin.register(Position)
class PositionAdmin(HistoryAdmin):
    list_display = ["person", "title", "body", "is_head", "elected_by_council", "starts_on", "ends_on"]
    list_filter = ["is_head", "elected_by_council", "body__kind"]
    search_fields = ["person__full_name", "title", "body__name"]
    list_select_related = ["person", "body"]
    autocomplete_fields = ["person", "body"]


@admin.register(Deputy)
class DeputyAdmin(HistoryAdmin):
    list_display = ["person", "kind", "term", "unit", "constituency", "group", "is_full_time"]
    list_filter = ["kind", "term", "is_full_time"]
    search_fields = ["person__full_name", "constituency"]
    list_select_related = ["person", "term", "unit", "group"]
    autocomplete_fields = ["person", "unit", "group"]


@admin.register(Membership)
class MembershipAdmin(HistoryAdmin):
    list_display = ["user", "body", "role"]
    list_filter = ["role", "body__kind"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "body__name"]
    list_select_related = ["user", "body"]
    autocomplete_fields = ["user", "body"]


@admin.register(CoordinationArea)
class CoordinationAreaAdmin(admin.ModelAdmin):
    list_display = ["number", "name"]
    search_fields = ["name"]


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["day", "kind", "name", "legal_basis"]
    list_filter = ["kind"]
    date_hierarchy = "day"
    search_fields = ["name"]


@admin.register(StatutoryRule)
class StatutoryRuleAdmin(HistoryAdmin):
    list_display = ["name", "rule_kind", "amount", "day_unit", "anchor", "direction", "legal_basis"]
    list_filter = ["rule_kind", "day_unit"]
    search_fields = ["code", "name", "legal_basis"]


@admin.register(FollowUp)
class FollowUpAdmin(LargeTableAdmin, HistoryAdmin):
    """Read-mostly: follow-ups are created and closed by services, so the admin only inspects them."""

    list_display = ["title", "lead_body", "responsible", "due_on", "status", "completed_at", "unit"]
    # A due-date filter, not a date hierarchy: the hierarchy's year links group every row of the table.
    list_filter = ["status", "due_on", "lead_body__kind", "area"]
    search_fields = ["title", "source"]
    list_select_related = ["lead_body", "responsible", "unit"]
    readonly_fields = ["subject_type", "subject_id", "status", "completed_at", "created_at", "updated_at"]
    autocomplete_fields = ["lead_body", "responsible", "unit", "cooperating_bodies"]

    def has_add_permission(self, request):
        return False


class RecordAdmin(admin.ModelAdmin):
    """A record the site writes (a nudge, a comment, a token and its uses): the admin reads, never edits."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FollowUpNudge)
class FollowUpNudgeAdmin(RecordAdmin):
    list_display = ["followup", "by", "on", "created_at"]
    list_filter = ["on"]
    list_select_related = ["followup", "by"]
    raw_id_fields = ["followup"]
    search_fields = ["followup__title"]


@admin.register(FollowUpComment)
class FollowUpCommentAdmin(RecordAdmin):
    list_display = ["followup", "by", "created_at"]
    list_filter = [("created_at", admin.DateFieldListFilter)]
    list_select_related = ["followup", "by"]
    raw_id_fields = ["followup"]
    search_fields = ["followup__title", "text"]
    show_full_result_count = False


@admin.register(GeneratedReport)
class GeneratedReportAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "requested_by", "status", "progress", "created_at", "finished_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["requested_by"]
    search_fields = ["title"]
    readonly_fields = [
        "kind",
        "params",
        "requested_by",
        "status",
        "progress",
        "file",
        "error",
        "created_at",
        "finished_at",
    ]


class LongWaitingFilter(admin.SimpleListFilter):
    """Mail not sent long after it was written: what an operator looks at during or after an outage."""

    title = _("chờ lâu")
    parameter_name = "waiting"

    def lookups(self, request, model_admin):
        return [
            ("1h", _("Chưa gửi sau 1 giờ")),
            ("1d", _("Chưa gửi sau 1 ngày")),
            ("retry", _("Đang chờ thử lại")),
        ]

    def queryset(self, request, queryset):
        from datetime import timedelta

        from django.utils import timezone

        unsent = queryset.filter(status__in=[OutboxMessage.Status.PENDING, OutboxMessage.Status.SENDING])
        if self.value() == "1h":
            return unsent.filter(created_at__lt=timezone.now() - timedelta(hours=1))
        if self.value() == "1d":
            return unsent.filter(created_at__lt=timezone.now() - timedelta(days=1))
        if self.value() == "retry":
            return unsent.filter(next_attempt_at__gt=timezone.now())
        return queryset


@admin.register(OutboxMessage)
class OutboxMessageAdmin(LargeTableAdmin, admin.ModelAdmin):
    """Outgoing mail: rows are written by services and sent by the worker. Failed and long-waiting messages
    are found with the filters and sent again with "Gửi lại" (coordination.services.outbox_retry)."""

    list_display = [
        "subject",
        "to_email",
        "kind",
        "status",
        "attempts",
        "created_at",
        "next_attempt_at",
        "sent_at",
        "short_error",
    ]
    list_filter = ["status", LongWaitingFilter, "kind", ("created_at", admin.DateFieldListFilter)]
    list_select_related = ["recipient"]
    search_fields = ["subject", "to_email", "key"]
    # The HTML body would show as its source code; the text body says the same in words.
    exclude = ["body_html"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields if f.name != "body_html"]
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("lỗi gần nhất"))
    def short_error(self, obj):
        return obj.last_error[:120]

    @admin.action(description=_("Gửi lại các thư đã chọn (thư gửi lỗi hoặc đang chờ)"))
    def retry(self, request, queryset):
        from coordination.services import outbox_retry

        chosen = queryset.count()
        retried = outbox_retry(message_ids=queryset.values_list("pk", flat=True))
        self.message_user(request, gettext("Đã đưa lại %(n)s thư vào hàng đợi gửi.") % {"n": retried})
        if chosen > retried:
            self.message_user(
                request,
                gettext("%(n)s thư đã gửi hoặc đang gửi nên không gửi lại.") % {"n": chosen - retried},
                level="warning",
            )


@admin.register(MailServerStatus)
class MailServerStatusAdmin(admin.ModelAdmin):
    list_display = ["__str__", "failures", "retry_at", "updated_at"]
    readonly_fields = [f.name for f in MailServerStatus._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(TaskHeartbeat)
class TaskHeartbeatAdmin(admin.ModelAdmin):
    list_display = [
        "task",
        "runs",
        "failures",
        "last_duration",
        "last_finished_at",
        "last_sent_at",
        "started_at",
    ]
    readonly_fields = [f.name for f in TaskHeartbeat._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(ConfidentialAdmin, admin.ModelAdmin):
    list_display = ["user", "digest_frequency", "digest_weekday", "digest_hour"]
    list_filter = ["digest_frequency", "digest_weekday"]
    search_fields = ["user__username", "user__email"]
    list_select_related = ["user"]
    exclude = ["feed_token"]  # a secret: rotated by its owner, never shown


class SigningCredentialAddForm(forms.ModelForm):
    """A body's signing certificate: the PKCS#12 and its passphrase are read once (the key is stored encrypted
    with SIGNING_KEY and never shown again); the image is the body's seal (PNG, transparent)."""

    certificate = forms.FileField(label=_("Tệp chứng thư số (.p12, .pfx)"))
    passphrase = forms.CharField(
        label=_("Mật khẩu của tệp"), widget=forms.PasswordInput, required=False, strip=False
    )

    class Meta:
        model = SigningCredential
        fields = ["body", "image"]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("body"):
            raise forms.ValidationError(_("Cơ quan: hãy chọn cơ quan dùng chứng thư (con dấu)."))
        upload = cleaned.get("certificate")
        if upload is not None:
            try:
                signing.open_pkcs12(upload.read(), cleaned.get("passphrase") or "")
            except signing.SigningError as exc:
                raise forms.ValidationError({"certificate": str(exc)}) from exc
            upload.seek(0)
        return cleaned


@admin.register(SigningCredential)
class SigningCredentialAdmin(admin.ModelAdmin):
    list_display = ["subject", "body", "user", "issuer", "not_after", "active"]
    list_filter = ["active", "kind"]
    search_fields = ["subject", "issuer", "body__name"]
    readonly_fields = [
        "kind",
        "subject",
        "organisation",
        "issuer",
        "not_before",
        "not_after",
        "created_at",
        "created_by",
    ]
    fields = ["body", "user", "image", "active", *readonly_fields]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            return SigningCredentialAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        return ["body", "certificate", "passphrase", "image"] if obj is None else self.fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else [*self.readonly_fields, "body", "user"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        data = form.cleaned_data
        credential = services.credential_store(
            data=data["certificate"].read(),
            passphrase=data.get("passphrase") or "",
            body=data["body"],
            image=data.get("image"),
            by=request.user,
        )
        obj.pk = credential.pk
        form.instance = credential


@admin.register(DocumentSignature)
class DocumentSignatureAdmin(admin.ModelAdmin):
    list_display = ["report", "body", "signer", "status", "signed_at"]
    list_filter = ["status"]
    readonly_fields = [
        "report",
        "slot",
        "body",
        "signer",
        "status",
        "progress",
        "error",
        "signed_at",
        "certificate_subject",
    ]


@admin.register(SignatureCheck)
class SignatureCheckAdmin(admin.ModelAdmin):
    """What the signatures of uploaded PDFs said (written by the check task, read by the badges)."""

    list_display = ["content_type", "object_id", "field_name", "outcome", "checked_at"]
    list_filter = ["outcome", "content_type"]
    readonly_fields = [
        "content_type",
        "object_id",
        "field_name",
        "sha256",
        "outcome",
        "findings",
        "checked_at",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(ConfidentialAdmin, RecordAdmin):
    list_display = [
        "name",
        "prefix",
        "user",
        "scope",
        "created_at",
        "expires_on",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["scope"]
    search_fields = ["name", "prefix", "user__username"]
    exclude = ["digest"]
    list_select_related = ["user"]


@admin.register(ApiTokenUse)
class ApiTokenUseAdmin(RecordAdmin):
    list_display = ["at", "user", "token", "method", "path", "status"]
    list_filter = ["method", "status", ("at", admin.DateFieldListFilter)]
    search_fields = ["path", "user__username", "token__prefix"]
    list_select_related = ["user", "token"]
    show_full_result_count = False


@admin.register(IdempotentRequest)
class IdempotentRequestAdmin(RecordAdmin):
    list_display = ["created_at", "user", "key", "method", "path", "status"]
    list_filter = ["method", "status"]
    search_fields = ["key", "path", "user__username"]
    list_select_related = ["user"]
    show_full_result_count = False
