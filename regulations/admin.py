"""Admin for regulations. A regulation that has been signed is read-only here, with its parties and
signatures, chapters, sections, articles, clauses, points and obligations: its text changes only through
the "Sửa điều" page with the amending act recorded (services.article_update), its obligations through
their page, which records who confirmed them."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from coordination.history_admin import HistoryAdmin
from coordination.text import sentence_case
from regulations.models import (
    AmendingProvision,
    Amendment,
    Article,
    Chapter,
    Clause,
    Obligation,
    Party,
    Point,
    Regulation,
    RegulationStatusChange,
    Section,
)

# How a part's parent reaches its regulation's status, so that a new part can only be put in a draft.
_DRAFT_PARENT_LOOKUPS = {
    "regulation": "status__in",
    "chapter": "regulation__status__in",
    "article": "regulation__status__in",
    "clause": "article__regulation__status__in",
}


class LockedWhenSignedMixin:
    """Inline or admin of a regulation part: no add/change/delete once the regulation is signed."""

    def _regulation(self, obj):
        return obj if isinstance(obj, Regulation) else getattr(obj, "regulation", None)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        lookup = _DRAFT_PARENT_LOOKUPS.get(db_field.name)
        if lookup:
            kwargs["queryset"] = db_field.related_model._default_manager.filter(
                **{lookup: Regulation.EDITABLE_STATUSES}
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _locked(self, obj) -> bool:
        regulation = self._regulation(obj) if obj is not None else None
        return regulation is not None and not regulation.is_editable

    def has_change_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_delete_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        if self._locked(obj):
            return False
        return (
            super().has_add_permission(request, obj)
            if isinstance(self, admin.options.InlineModelAdmin)
            else super().has_add_permission(request)
        )


class PartyFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if not Regulation.MIN_PARTIES <= len(kept) <= Regulation.MAX_PARTIES:
            raise ValidationError(
                _("Bên ký kết: quy chế phải có từ hai đến bốn bên ký kết; đang có %(n)s bên.")
                % {"n": len(kept)}
            )


class PartyInline(LockedWhenSignedMixin, admin.TabularInline):
    model = Party
    formset = PartyFormSet
    extra = 0
    max_num = Regulation.MAX_PARTIES
    fields = ["body", "order", "heading", "signer_title", "signer_name", "signed_on"]
    autocomplete_fields = ["body"]


class ChapterInline(LockedWhenSignedMixin, admin.TabularInline):
    model = Chapter
    extra = 0
    fields = ["order", "number", "title"]
    show_change_link = True


class ArticleInline(LockedWhenSignedMixin, admin.StackedInline):
    model = Article
    extra = 0
    fields = ["order", "number", "title", "text", "section", "areas"]
    filter_horizontal = ["areas"]
    show_change_link = True


@admin.register(Regulation)
class RegulationAdmin(LockedWhenSignedMixin, HistoryAdmin):
    list_display = ["number", "title_listed", "unit", "status", "signed_on", "effective_from", "effective_to"]
    list_filter = ["status", "kind", "unit__level", "term"]
    search_fields = ["number", "title", "search_text"]
    list_select_related = ["unit", "term"]
    autocomplete_fields = ["unit", "based_on", "supersedes"]
    readonly_fields = ["status", "created_by", "created_at"]
    exclude = ["import_report"]  # the importer's record as JSON: the regulation's page tells it in words
    inlines = [PartyInline, ChapterInline]

    @admin.display(description=_("tên quy chế"), ordering="title")
    def title_listed(self, obj):
        return sentence_case(obj.title)


@admin.register(Chapter)
class ChapterAdmin(LockedWhenSignedMixin, HistoryAdmin):
    """Articles are edited per chapter."""

    list_display = ["__str__", "regulation", "order"]
    list_filter = ["regulation__status", "regulation__unit"]
    search_fields = ["title", "regulation__number"]
    list_select_related = ["regulation"]
    inlines = [ArticleInline]


class ClauseInline(LockedWhenSignedMixin, admin.StackedInline):
    model = Clause
    extra = 0
    fields = ["order", "number", "text"]
    show_change_link = True

    def _regulation(self, obj):
        return obj.regulation if obj is not None else None


class PointInline(LockedWhenSignedMixin, admin.TabularInline):
    model = Point
    extra = 0
    fields = ["order", "letter", "text"]

    def _regulation(self, obj):
        return obj.article.regulation if obj is not None else None


@admin.register(Article)
class ArticleAdmin(LockedWhenSignedMixin, HistoryAdmin):
    list_display = ["__str__", "regulation", "chapter", "order"]
    list_filter = ["regulation__status", "areas", "regulation__unit"]
    search_fields = ["title", "search_text", "regulation__number"]
    list_select_related = ["regulation", "chapter"]
    filter_horizontal = ["areas"]
    inlines = [ClauseInline]


@admin.register(Clause)
class ClauseAdmin(LockedWhenSignedMixin, HistoryAdmin):
    list_display = ["__str__", "article", "order"]
    list_filter = ["article__regulation__status"]
    search_fields = ["text", "article__regulation__number"]
    list_select_related = ["article", "article__regulation"]
    inlines = [PointInline]

    def _regulation(self, obj):
        return obj.article.regulation if obj is not None else None


@admin.register(Section)
class SectionAdmin(LockedWhenSignedMixin, HistoryAdmin):
    list_display = ["__str__", "chapter", "order"]
    list_filter = ["chapter__regulation__unit"]
    search_fields = ["title"]
    list_select_related = ["chapter", "chapter__regulation"]

    def _regulation(self, obj):
        return obj.chapter.regulation if obj is not None else None


@admin.register(Point)
class PointAdmin(LockedWhenSignedMixin, HistoryAdmin):
    list_display = ["__str__", "clause", "order"]
    list_filter = ["clause__article__regulation__status"]
    search_fields = ["text"]
    list_select_related = ["clause", "clause__article", "clause__article__regulation"]

    def _regulation(self, obj):
        return obj.clause.article.regulation if obj is not None else None


class PartyAdminForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        regulation = cleaned.get("regulation")
        if (
            regulation is not None
            and regulation.parties.exclude(pk=self.instance.pk).count() >= Regulation.MAX_PARTIES
        ):
            self.add_error("regulation", _("Quy chế: đã đủ bốn bên ký kết; không thêm được bên nữa."))
        return cleaned


@admin.register(Party)
class PartyAdmin(LockedWhenSignedMixin, HistoryAdmin):
    form = PartyAdminForm
    list_display = ["body", "regulation", "signer_name", "signer_title", "signed_on"]
    list_filter = ["body__kind", "regulation__status"]
    search_fields = ["signer_name", "body__name", "regulation__number"]
    list_select_related = ["body", "regulation"]

    def has_delete_permission(self, request, obj=None):
        # Removing one of only two parties would leave a one-party regulation.
        if obj is not None and obj.regulation.parties.count() <= Regulation.MIN_PARTIES:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Obligation)
class ObligationAdmin(LockedWhenSignedMixin, HistoryAdmin):
    list_display = ["__str__", "regulation", "lead_body", "deadline_code", "status", "confirmed_at"]
    list_filter = ["status", "rule_kind", "anchor", "area", "deadline_code"]
    search_fields = ["action", "source_phrase", "regulation__number"]
    list_select_related = ["regulation", "article__regulation", "clause__article__regulation", "lead_body"]
    autocomplete_fields = ["lead_body", "cooperating_bodies"]
    readonly_fields = ["confirmed_by", "confirmed_at"]


@admin.register(AmendingProvision)
class AmendingProvisionAdmin(admin.ModelAdmin):
    """Read from an imported amending act: what each of its clauses amends. Read-only; the act is re-imported
    to change it."""

    list_display = ["__str__", "regulation", "target", "target_act"]
    list_filter = ["action"]
    search_fields = ["regulation__number", "target_act", "text"]
    list_select_related = ["regulation", "target"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Amendment)
class AmendmentAdmin(admin.ModelAdmin):
    """Recorded by the article edit page (``article_update``), which also changes the text: read-only here."""

    list_display = ["regulation", "act", "article", "effective_from", "recorded_by", "recorded_at"]
    search_fields = ["regulation__number", "act"]
    list_select_related = ["regulation", "article", "recorded_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RegulationStatusChange)
class RegulationStatusChangeAdmin(admin.ModelAdmin):
    list_display = ["regulation", "from_status", "to_status", "by", "at"]
    list_filter = ["to_status"]
    search_fields = ["regulation__number", "note"]
    list_select_related = ["regulation", "by"]
