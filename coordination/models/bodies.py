"""Who works together, where: administrative units, terms, bodies, people, deputies, memberships, areas."""


from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from coordination.dates import check_dates
from coordination.text import to_nfc

from .base import SearchTextModel


class AdministrativeLevel(models.Model):
    """Province, (former) district, commune, ward, special zone: data, not an enum."""

    code = models.SlugField(_("mã cấp"), max_length=32, unique=True)
    name = models.CharField(_("tên cấp"), max_length=100)
    rank = models.PositiveSmallIntegerField(
        _("bậc"), help_text=_("1 = cấp tỉnh, 2 = cấp huyện (cũ), 3 = cấp xã")
    )
    has_na_delegation = models.BooleanField(_("có Đoàn ĐBQH"), default=False)

    class Meta:
        ordering = ["rank", "name"]
        verbose_name = _("cấp hành chính")
        verbose_name_plural = _("cấp hành chính")

    def __str__(self):
        return self.name


class AdministrativeUnit(SearchTextModel):
    code = models.CharField(
        _("mã đơn vị"), max_length=16, help_text=_("Mã theo danh mục hành chính chính thức")
    )
    name = models.CharField(_("tên"), max_length=200)
    level = models.ForeignKey(AdministrativeLevel, on_delete=models.PROTECT, verbose_name=_("cấp"))
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("trực thuộc"),
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    predecessors = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="successors", verbose_name=_("đơn vị tiền thân")
    )
    change_act = models.CharField(
        _("văn bản thay đổi"),
        max_length=200,
        blank=True,
        help_text=_("Nghị quyết sắp xếp, thành lập, giải thể"),
    )
    is_remote = models.BooleanField(
        _("vùng sâu, vùng xa"), default=False, help_text=_("Được áp dụng thời hạn dài hơn theo quy định")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["level__rank", "name"]
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=Q(valid_to__isnull=True), name="unit_code_unique_current"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_range",
            ),
        ]

    def __str__(self):
        return self.name

    def search_source(self):
        return f"{self.name} {self.code}"


class Term(models.Model):
    """Nhiệm kỳ (2026–2031) of a unit's Council; unit empty means the National Assembly term."""

    unit = models.ForeignKey(
        AdministrativeUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="terms",
        verbose_name=_("đơn vị"),
    )
    start_year = models.PositiveSmallIntegerField(_("năm bắt đầu"))
    end_year = models.PositiveSmallIntegerField(_("năm kết thúc"))
    legislature = models.PositiveSmallIntegerField(
        _("khóa"), null=True, blank=True, help_text=_("Ví dụ 17 cho khóa XVII")
    )
    elected_on = models.DateField(_("ngày bầu cử"), null=True, blank=True)

    class Meta:
        ordering = ["-start_year"]
        verbose_name = _("nhiệm kỳ")
        verbose_name_plural = _("nhiệm kỳ")
        constraints = [
            models.UniqueConstraint(fields=["unit", "start_year"], name="term_unique_per_unit"),
            models.CheckConstraint(
                condition=Q(end_year__gt=models.F("start_year")), name="term_years_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.start_year}–{self.end_year}"

    FACT_DATES = ("elected_on",)

    def clean(self):
        check_dates(self)


class BodyKind(models.TextChoices):
    NA_DELEGATION = "na_delegation", _("Đoàn đại biểu Quốc hội")
    COUNCIL_STANDING = "council_standing", _("Thường trực Hội đồng nhân dân")
    PEOPLES_COMMITTEE = "peoples_committee", _("Ủy ban nhân dân")
    FRONT_BOARD = "front_board", _("Ban Thường trực Ủy ban MTTQ Việt Nam")
    COUNCIL = "council", _("Hội đồng nhân dân")
    COUNCIL_COMMITTEE = "council_committee", _("Ban của Hội đồng nhân dân")
    DEPUTY_GROUP = "deputy_group", _("Tổ đại biểu")
    OFFICE = "office", _("Văn phòng")
    AGENCY = "agency", _("Sở, ngành, cơ quan")
    OTHER = "other", _("Khác")


# The four bodies that sign a coordination regulation.
MAIN_BODY_KINDS = (
    BodyKind.NA_DELEGATION,
    BodyKind.COUNCIL_STANDING,
    BodyKind.PEOPLES_COMMITTEE,
    BodyKind.FRONT_BOARD,
)


class Body(SearchTextModel):
    kind = models.CharField(_("loại cơ quan"), max_length=32, choices=BodyKind.choices)
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=64, blank=True)
    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="bodies", verbose_name=_("đơn vị")
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("cơ quan cấp trên"),
    )
    email = models.EmailField(_("thư điện tử"), blank=True)
    active_from = models.DateField(_("hoạt động từ"), null=True, blank=True)
    active_to = models.DateField(_("hoạt động đến"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["unit__name", "kind", "name"]
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")
        constraints = [
            # "At most one of each of the four main kinds per unit at a time": the current one has no end
            # date.
            models.UniqueConstraint(
                fields=["unit", "kind"],
                condition=Q(kind__in=[k.value for k in MAIN_BODY_KINDS]) & Q(active_to__isnull=True),
                name="body_one_main_kind_per_unit",
            ),
        ]
        indexes = [models.Index(fields=["unit", "kind"])]

    def __str__(self):
        return self.short_name or self.name

    def search_source(self):
        return f"{self.name} {self.short_name}"

    def get_absolute_url(self):
        return reverse("body_detail", args=[self.pk])

    @property
    def is_main(self) -> bool:
        return self.kind in MAIN_BODY_KINDS


class BodyUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Body, on_delete=models.CASCADE)


class BodyGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Body, on_delete=models.CASCADE)


class Person(SearchTextModel):
    full_name = models.CharField(_("họ và tên"), max_length=200)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="person",
        verbose_name=_("tài khoản"),
    )
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=32, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("người")
        verbose_name_plural = _("người")

    def __str__(self):
        return self.full_name

    def search_source(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.full_name = to_nfc(self.full_name).strip()
        super().save(*args, **kwargs)


class Position(models.Model):
    """Who holds which office in which body, and when."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="positions", verbose_name=_("người")
    )
    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="positions", verbose_name=_("cơ quan")
    )
    title = models.CharField(_("chức vụ"), max_length=200)
    is_head = models.BooleanField(_("người đứng đầu"), default=False)
    elected_by_council = models.BooleanField(
        _("do HĐND bầu"), default=False, help_text=_("Thuộc diện lấy phiếu tín nhiệm")
    )
    starts_on = models.DateField(_("từ ngày"), null=True, blank=True)
    ends_on = models.DateField(_("đến ngày"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["body", "-is_head", "person__full_name"]
        verbose_name = _("chức vụ")
        verbose_name_plural = _("chức vụ")

    def __str__(self):
        return f"{self.person} — {self.title}, {self.body}"


class Deputy(models.Model):
    class Kind(models.TextChoices):
        NATIONAL_ASSEMBLY = "na", _("Đại biểu Quốc hội")
        COUNCIL = "council", _("Đại biểu HĐND")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="deputy_mandates", verbose_name=_("người")
    )
    kind = models.CharField(_("loại đại biểu"), max_length=16, choices=Kind.choices)
    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="deputies", verbose_name=_("nhiệm kỳ")
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="deputies",
        verbose_name=_("đơn vị bầu cử (tỉnh/xã)"),
    )
    constituency = models.CharField(_("đơn vị bầu cử"), max_length=200, blank=True)
    group = models.ForeignKey(
        Body,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deputies",
        limit_choices_to={"kind__in": [BodyKind.DEPUTY_GROUP, BodyKind.NA_DELEGATION]},
        verbose_name=_("tổ/đoàn đại biểu"),
    )
    is_full_time = models.BooleanField(_("hoạt động chuyên trách"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["person__full_name"]
        verbose_name = _("đại biểu")
        verbose_name_plural = _("đại biểu")
        constraints = [
            models.UniqueConstraint(fields=["person", "kind", "term"], name="deputy_once_per_term")
        ]

    def __str__(self):
        return f"{self.person} ({self.get_kind_display()})"


class Role(models.TextChoices):
    STAFF = "staff", _("Cán bộ, chuyên viên")
    LEADER = "leader", _("Lãnh đạo")
    VIEWER = "viewer", _("Chỉ xem")


class Membership(models.Model):
    """A user's role in a body: the basis of every permission check (coordination/permissions.py)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("tài khoản"),
    )
    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("cơ quan")
    )
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["body", "user__username"]
        verbose_name = _("thành viên cơ quan")
        verbose_name_plural = _("thành viên cơ quan")
        constraints = [models.UniqueConstraint(fields=["user", "body"], name="membership_once_per_body")]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.body}"


class CoordinationArea(models.Model):
    """The 15 coordination areas of DOMAIN.md §2; tags articles, tasks and reports. Editable."""

    code = models.SlugField(_("mã"), max_length=64, unique=True)
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    name = models.CharField(_("tên lĩnh vực phối hợp"), max_length=255)

    class Meta:
        ordering = ["number"]
        verbose_name = _("lĩnh vực phối hợp")
        verbose_name_plural = _("lĩnh vực phối hợp")

    def __str__(self):
        return f"{self.number}. {self.name}"
