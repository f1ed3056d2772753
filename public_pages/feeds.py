"""RSS and Atom of the petitions answered lately in the published rounds (django.contrib.syndication)."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from voters.models import PetitionStatus
from voters.queries import public_code, published_petitions

FEED_ITEMS = 50


class AnsweredPetitionsFeed(Feed):
    title = _("Kiến nghị cử tri vừa được trả lời")
    link = reverse_lazy("public:petitions")
    description = _("Các kiến nghị cử tri mới được cơ quan giải quyết trả lời, trong các đợt đã công khai "
                    "kết quả.")

    def items(self):
        return (
            published_petitions()
            .filter(answered_on__isnull=False,
                    status__in=[PetitionStatus.ANSWERED, PetitionStatus.SATISFIED, PetitionStatus.REOPENED])
            .order_by("-answered_on", "-id")[:FEED_ITEMS]
        )

    def item_title(self, item):
        return _("Kiến nghị %(code)s: %(title)s") % {"code": public_code(item), "title": item.title}

    def item_description(self, item):
        agency = item.agency.name if item.agency_id else ""
        answer = Truncator(item.answer_text).chars(600)
        return _("%(agency)s trả lời ngày %(day)s. %(answer)s") % {
            "agency": agency, "day": f"{item.answered_on:%d/%m/%Y}", "answer": answer}

    def item_link(self, item):
        return reverse("public:petition", args=[item.round_id, item.number])

    def item_guid(self, item):
        return f"kien-nghi-{public_code(item)}-{item.answered_on:%Y%m%d}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item.answered_on, time(12)))

    def item_categories(self, item):
        return [item.field.name] if item.field_id else []


class AnsweredPetitionsAtom(AnsweredPetitionsFeed):
    feed_type = Atom1Feed
    subtitle = AnsweredPetitionsFeed.description
