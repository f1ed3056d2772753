"""Per-user notification settings: the digest's frequency and hour, the calendar-feed token."""


from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class NotificationPreference(models.Model):
    """How often a user gets the digest (default weekly, Monday 07:00) and the secret calendar-feed token."""

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Hằng ngày")
        WEEKLY = "weekly", _("Hằng tuần")
        NEVER = "never", _("Không nhận")

    # The frequencies a digest goes out for (the command's choices, the beat's sweep).
    SENT_FREQUENCIES = (Frequency.DAILY, Frequency.WEEKLY)

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Thứ Hai")
        TUESDAY = 1, _("Thứ Ba")
        WEDNESDAY = 2, _("Thứ Tư")
        THURSDAY = 3, _("Thứ Năm")
        FRIDAY = 4, _("Thứ Sáu")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("tài khoản"),
    )
    digest_frequency = models.CharField(
        _("nhận thư tổng hợp"), max_length=8, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    digest_weekday = models.PositiveSmallIntegerField(
        _("ngày trong tuần"), choices=Weekday.choices, default=Weekday.MONDAY
    )
    digest_hour = models.PositiveSmallIntegerField(_("giờ gửi"), default=7, help_text=_("0–23, giờ Việt Nam"))
    feed_token = models.CharField(_("mã lịch cá nhân"), max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = _("tùy chọn thông báo")
        verbose_name_plural = _("tùy chọn thông báo")
        constraints = [models.CheckConstraint(condition=Q(digest_hour__lte=23), name="pref_hour_valid")]

    def __str__(self):
        return f"{self.user} — {self.get_digest_frequency_display()}"
