"""Petitions compiled from the opinions: fields, competences, statuses, results and merge proposals."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coordination.dates import NotBefore, check_dates
from coordination.models import AdministrativeUnit, Body, ClosesOwnFollowUps, SearchTextModel

from .rounds import Opinion, VoterContactRound


class PetitionField(models.Model):
    """Land, environment, transport, social policy …: an editable taxonomy."""

    code = models.SlugField(_("mã"), max_length=64, unique=True)
    name = models.CharField(_("lĩnh vực"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("lĩnh vực kiến nghị")
        verbose_name_plural = _("lĩnh vực kiến nghị")

    def __str__(self):
        return self.name


class Competence(models.TextChoices):
    CENTRAL = "central", _("Trung ương (chuyển qua Đoàn ĐBQH)")
    PROVINCE = "province", _("Cấp tỉnh")
    COMMUNE = "commune", _("Cấp xã")


class PetitionStatus(models.TextChoices):
    COMPILING = "compiling", _("Đang tổng hợp")
    FORWARDED = "forwarded", _("Đã chuyển, chờ trả lời")
    ANSWERED = "answered", _("Đã trả lời, chờ đánh giá")
    SATISFIED = "satisfied", _("Trả lời đạt yêu cầu")
    REOPENED = "reopened", _("Mở lại (chưa đạt hoặc quá hạn)")
    MERGED = "merged", _("Đã gộp vào kiến nghị khác")


class ResultCategory(models.TextChoices):
    RESOLVED = "resolved", _("Đã giải quyết xong")
    IN_PROGRESS = "in_progress", _("Đang nghiên cứu, tiếp thu để giải quyết")
    EXPLAINED = "explained", _("Giải trình, cung cấp thông tin")


# Statuses in which the agency still owes an answer: the inbox shows these.
OWED_STATUSES = (PetitionStatus.FORWARDED, PetitionStatus.REOPENED)
# A reopened petition's answer no longer stands (judged unsatisfactory, or its promised deadline passed): the
# report and the dashboard count it as owed, under no result category and not as answered.
ANSWER_SUPERSEDED = PetitionStatus.REOPENED


class Petition(ClosesOwnFollowUps, SearchTextModel):
    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị")
    )
    round = models.ForeignKey(
        VoterContactRound, on_delete=models.PROTECT, related_name="petitions", verbose_name=_("đợt tiếp xúc")
    )
    number = models.PositiveIntegerField(_("số thứ tự"))
    title = models.CharField(_("nội dung kiến nghị (tóm tắt)"), max_length=500)
    content = models.TextField(_("nội dung đầy đủ"), blank=True)
    field = models.ForeignKey(
        PetitionField,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("lĩnh vực"),
    )
    competence = models.CharField(_("thẩm quyền"), max_length=16, choices=Competence.choices, blank=True)
    agency = models.ForeignKey(
        Body,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="petitions",
        verbose_name=_("cơ quan giải quyết"),
    )
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=PetitionStatus.choices, default=PetitionStatus.COMPILING
    )
    received_on = models.DateField(_("ngày chuyển cơ quan"), null=True, blank=True)
    due_on = models.DateField(_("hạn trả lời"), null=True, blank=True)
    category = models.CharField(_("kết quả"), max_length=16, choices=ResultCategory.choices, blank=True)
    answer_text = models.TextField(_("nội dung trả lời"), blank=True)
    answer_document = models.CharField(_("văn bản trả lời (số, ký hiệu)"), max_length=100, blank=True)
    # Served only by views.petition_answer_file, through the petition's door (no public /media/).
    answer_file = models.FileField(_("tệp văn bản trả lời"), upload_to="voters/answers/%Y/", blank=True)
    answered_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    answered_on_time = models.BooleanField(_("trả lời đúng hạn"), null=True, blank=True)
    roadmap = models.TextField(_("lộ trình giải quyết"), blank=True)
    new_deadline = models.DateField(_("thời hạn giải quyết mới"), null=True, blank=True)
    verdict_note = models.TextField(_("nhận xét đánh giá"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
        verbose_name=_("đã gộp vào"),
    )
    recurring_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recurrences",
        verbose_name=_("tái diễn của kiến nghị"),
    )
    is_recurring = models.BooleanField(_("kiến nghị tái diễn (đề xuất chất vấn)"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("kiến nghị cử tri")
        verbose_name_plural = _("kiến nghị cử tri")
        constraints = [models.UniqueConstraint(fields=["round", "number"], name="petition_number_per_round")]
        indexes = [
            # The inbox reads "what this agency owes, soonest first": a partial index walked in order
            # (LIMIT stops early) and covering unit_id so that counting it is an index-only scan; covering
            # the search text too, a search inside one agency's petitions reads no heap row it discards.
            models.Index(
                fields=["agency", "due_on", "id"],
                condition=Q(status__in=list(OWED_STATUSES)),
                include=["unit", "search_text"],
                name="petition_owed_inbox",
            ),
            models.Index(
                fields=["agency", "due_on", "id"],
                include=["unit", "status", "search_text"],
                name="petition_agency_due",
            ),
            # A search with many matches walks this index in the register's order; covering the filtered
            # columns makes that an index-only scan, with no heap read for the rows that do not match.
            models.Index(
                fields=["due_on", "id"],
                include=["unit", "agency", "status", "search_text"],
                name="petition_due",
            ),
            # A round's page counts its petitions but the merged ones: an index-only scan of the round's
            # entries (50,000 at a million petitions) instead of reading each row for its status.
            models.Index(fields=["round", "status"], name="petition_round_status"),
            # The public list (public_pages.views.PUBLIC_ORDER) and a round's public page, walked in order:
            # a filter or a search with many matches reads the covered columns, no heap row it discards.
            models.Index(
                fields=["-round", "number"],
                condition=~Q(status="merged"),
                include=["id", "field", "agency", "status", "search_text"],
                name="petition_public",
            ),
            # The public feed: the petitions answered last.
            models.Index(
                fields=["-answered_on", "-id"],
                condition=Q(answered_on__isnull=False) & ~Q(status="merged"),
                name="petition_answered_last",
            ),
        ]

    def __str__(self):
        return f"KN {self.number}: {self.title[:80]}"

    def search_source(self):
        return f"{self.title} {self.content}"

    def get_absolute_url(self):
        return reverse("voters:petition_detail", args=[self.pk])

    FACT_DATES = ("received_on", "answered_on")

    def clean(self):
        # The agency answers what was forwarded to it: never before the day it was routed.
        check_dates(self, order=[NotBefore("answered_on", self.received_on, _("ngày chuyển cơ quan"))])

    @property
    def is_overdue(self) -> bool:
        return self.status in OWED_STATUSES and self.due_on is not None and self.due_on < timezone.localdate()


# The columns of a petition the results report counts, in the order of the rollup's key.
TALLY_KEY = (
    "round", "unit", "field", "competence", "category", "status", "agency", "answered_on_time", "answered"
)


class PetitionTally(models.Model):
    """How many petitions share each combination of what the results report counts (issue #16): the report
    sums these rows instead of reading every petition.

    Kept in step by PostgreSQL itself: statement triggers on ``voters_petition`` (migration 0019) add each
    statement's inserted, updated and deleted rows to it, so every path that writes petitions — services,
    the admin, imports, merges, ``QuerySet.update``, ``bulk_create``, raw SQL, COPY — keeps it exact. Never
    written by the application. Elsewhere (SQLite) it stays empty and the report counts the petitions
    themselves (``voters.reports.results_scope``, ``voters.queries.tallies_kept``).
    """

    round = models.ForeignKey(
        VoterContactRound, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+",
        verbose_name=_("đợt tiếp xúc"),
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
        verbose_name=_("đơn vị"),
    )
    field = models.ForeignKey(
        PetitionField,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        related_name="+",
        verbose_name=_("lĩnh vực"),
    )
    competence = models.CharField(_("thẩm quyền"), max_length=16, choices=Competence.choices)
    category = models.CharField(_("kết quả"), max_length=16, choices=ResultCategory.choices)
    status = models.CharField(_("trạng thái"), max_length=16, choices=PetitionStatus.choices)
    agency = models.ForeignKey(
        Body, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, null=True, related_name="+",
        verbose_name=_("cơ quan giải quyết"),
    )
    answered_on_time = models.BooleanField(_("trả lời đúng hạn"), null=True)
    answered = models.BooleanField(_("đã trả lời"))  # answered_on is set
    n = models.IntegerField(_("số kiến nghị"))  # may reach 0: the row stays, summing it adds nothing

    class Meta:
        verbose_name = _("số liệu tổng hợp kiến nghị")
        verbose_name_plural = _("số liệu tổng hợp kiến nghị")
        constraints = [
            models.UniqueConstraint(fields=TALLY_KEY, name="petition_tally_key", nulls_distinct=False)
        ]

    def __str__(self):
        return f"{self.n} × {self.status}"


class MergeProposal(models.Model):
    """"This opinion looks like that petition", or like that other opinion of the round not compiled yet: a
    person accepts (the opinion joins the petition, or the two become one petition) or rejects; nothing merges
    by itself. Exactly one of ``petition`` and ``similar_opinion`` is set; a pair of opinions is stored once,
    the newer one as ``opinion``."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Đề xuất")
        ACCEPTED = "accepted", _("Đã đồng ý gộp")
        REJECTED = "rejected", _("Không gộp")

    opinion = models.ForeignKey(
        Opinion, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("ý kiến")
    )
    petition = models.ForeignKey(
        Petition,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="proposals",
        verbose_name=_("kiến nghị"),
    )
    similar_opinion = models.ForeignKey(
        Opinion,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="echoes",
        verbose_name=_("ý kiến giống"),
    )
    score = models.FloatField(_("độ tương đồng"))
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.PROPOSED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người quyết định"),
    )
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-score", "id"]
        verbose_name = _("đề xuất gộp ý kiến")
        verbose_name_plural = _("đề xuất gộp ý kiến")
        constraints = [
            models.UniqueConstraint(fields=["opinion", "petition"], name="proposal_once_per_pair"),
            models.UniqueConstraint(
                fields=["opinion", "similar_opinion"], name="proposal_once_per_opinion_pair"
            ),
            models.CheckConstraint(
                condition=Q(petition__isnull=True, similar_opinion__isnull=False)
                | Q(petition__isnull=False, similar_opinion__isnull=True),
                name="proposal_one_target",
            ),
        ]

    def __str__(self):
        target = f"KN {self.petition_id}" if self.petition_id else f"ý kiến {self.similar_opinion_id}"
        return f"Ý kiến {self.opinion_id} → {target} ({self.score:.0%})"
