"""What models of every app inherit: search text kept in step, closed-by-own-workflow, planned-then-held."""


from django.db import models

from coordination.text import fold


class SearchTextModel(models.Model):
    """Keeps ``search_text`` (lowercase, no diacritics) in step with ``search_source()`` on save."""

    search_text = models.TextField(editable=False, blank=True, default="")
    # The name of a ``migration_ops.BigramIndex`` on ``search_text``, where there is one: every search of the
    # model (``coordination.listing.trigram_search_filter``: its register, its admin) then reads rare
    # two-letter words there.
    search_bigram_index: str | None = None

    class Meta:
        abstract = True

    def search_source(self) -> str:
        raise NotImplementedError

    def save(self, *args, **kwargs):
        self.search_text = fold(self.search_source())
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)


class ClosesOwnFollowUps:
    """A follow-up subject whose own app's workflow (answer, verification, recording the act) closes its
    follow-ups.

    The generic follow-up page then offers no "completed" button but a link to ``workflow_url()``, so the
    app's checks (maker–checker, the answer's date and document) cannot be bypassed.
    """

    def workflow_url(self) -> str:
        return self.get_absolute_url()


class PlannedThenHeld:
    """A meeting scheduled ahead (``planned_on``) and recorded as held later (``held_on``, a fact date)."""

    @property
    def day(self):
        """The day it was held, or the day it is planned for while it has not been held."""
        return self.held_on or self.planned_on

    @property
    def is_held(self) -> bool:
        return self.held_on is not None

    def save(self, *args, **kwargs):
        # A meeting recorded once it has been held was planned for that day.
        if self.planned_on is None:
            self.planned_on = self.held_on
        super().save(*args, **kwargs)
