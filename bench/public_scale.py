"""The public pages at scale: N published petitions (default 1,000,000, made by bench/voters_scale.py's
generator, their rounds then published), and p50/p95 and query counts of every kind of public page as an
anonymous visitor, uncached (every cached public page made stale before each request, as publishing a round
does) and cached (the short page cache, warm), each beside Django admin's changelist on the same rows where
it has one and the EXPLAIN ANALYZE time of its main SQL (bench/harness.py).

It prints figures and never asserts a time (tests/public/test_benches.py runs it tiny). Use a database of its
own (and a Redis database of its own, or none: the local memory cache):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/phoihop_public_bench \
        .venv/bin/python bench/public_scale.py --petitions 1000000 --repeat 30
"""

import argparse
import os
import sys
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.harness import PageTable, peak_rss_mib  # noqa: E402
from bench.voters_scale import generate  # noqa: E402
from coordination.models import Body, BodyKind  # noqa: E402
from public_pages.paging import COUNT_CAP  # noqa: E402
from public_pages.views import PAGE_SIZE as PUBLIC_PAGE_SIZE  # noqa: E402
from voters.admin import PetitionAdmin  # noqa: E402
from voters.models import Petition, PetitionField, PetitionStatus, VoterContactRound  # noqa: E402
from voters.queries import public_code, public_pages_changed, published_petitions  # noqa: E402

BENCH_ROUNDS = "Đợt tiếp xúc cử tri quy mô lớn"


def publish() -> int:
    """The generated rounds' results published, as the Standing Committee's button records it (who is left
    empty: the bench has no one to name)."""
    return VoterContactRound.objects.filter(
        title__startswith=BENCH_ROUNDS, results_published_at__isnull=True
    ).update(results_published_at=timezone.now())


class AnonymousClient(Client):
    """A visitor with no login who follows redirects (the code lookup answers with one); ``uncached``: every
    cached public page is stale before each request."""

    def __init__(self, *, uncached: bool):
        super().__init__()
        self.uncached = uncached

    def get(self, path, *args, **kwargs):
        if self.uncached:
            public_pages_changed()
        kwargs.setdefault("follow", True)
        return super().get(path, *args, **kwargs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--petitions", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument(
        "--skip-generate", action="store_true", help="measure the rows already in the database"
    )
    parser.add_argument("--generate-only", action="store_true", help="make the rows, measure nothing")
    parser.add_argument("--only", default="", help="measure only the pages whose label holds this text")
    parser.add_argument("--no-admin", action="store_true", help="leave the admin changelists out")
    args, _ = parser.parse_known_args()
    if connection.vendor != "postgresql":
        sys.exit("public_scale: set DATABASE_URL to a PostgreSQL database of its own")
    if not args.skip_generate:
        call_command("migrate", verbosity=0)
        generate(args.petitions)
        print(f"Published {publish()} rounds")
    if args.generate_only:
        return
    # The visitors here are one address asking hundreds of times a minute: the limit is not what is measured.
    settings.PUBLIC_RATE_LIMIT = 10**9
    print(f"{published_petitions().count():,} published petitions in the database")
    measure(args.repeat, only=args.only, with_admin=not args.no_admin)
    print(f"peak RSS {peak_rss_mib():.0f} MiB")


def measure(repeat: int, *, only: str = "", with_admin: bool = True) -> None:
    front = Body.objects.get(kind=BodyKind.FRONT_BOARD, unit__code="HP", active_to__isnull=True)
    round_ = VoterContactRound.objects.filter(title__startswith=BENCH_ROUNDS).order_by("-starts_on").first()
    agency = Body.objects.filter(kind=BodyKind.AGENCY, unit=front.unit).order_by("id").first()
    field = PetitionField.objects.order_by("id").first()
    last = published_petitions().filter(round=round_).order_by("-number").first()
    admin = reverse("admin:voters_petition_changelist")
    petitions = reverse("public:petitions")
    one = f"so {last.number - 100000}" if last.number >= 100000 else last.title  # a single petition's words
    def deep(rows: int) -> tuple[int, int]:  # page 40 (or the last there is) and the admin's holding its rows
        page = min(40, max(1, rows // PUBLIC_PAGE_SIZE))
        return page, 1 + (page - 1) * PUBLIC_PAGE_SIZE // PetitionAdmin.list_per_page

    in_round, everything = deep(published_petitions().filter(round=round_).count()), deep(COUNT_CAP)
    if published_petitions().count() < COUNT_CAP:
        everything = deep(published_petitions().count())
    pages = [
        ("index", reverse("public:index"), None),
        ("unit", reverse("public:unit", args=[front.unit_id]), None),
        ("round", reverse("public:round", args=[round_.pk]), f"{admin}?round__id__exact={round_.pk}"),
        (f"round, page {in_round[0]}", reverse("public:round", args=[round_.pk]) + f"?page={in_round[0]}",
         f"{admin}?round__id__exact={round_.pk}&p={in_round[1]}"),
        ("petitions, first page", petitions, admin),
        (f"petitions, page {everything[0]}", f"{petitions}?page={everything[0]}",
         f"{admin}?p={everything[1]}"),
        ("search 'giai phong mat bang'", f"{petitions}?q=giai+phong+mat+bang",
         f"{admin}?q=giai+phong+mat+bang"),
        ("search 'nao vet kenh muong thon 12'", f"{petitions}?q=nao+vet+kenh+muong+thon+12",
         f"{admin}?q=nao+vet+kenh+muong+thon+12"),
        ("filters field + status", f"{petitions}?{urlencode({'field': field.pk, 'status': 'answered'})}",
         f"{admin}?{urlencode({'field__id__exact': field.pk, 'status__exact': 'answered'})}"),
        ("filters agency + search", f"{petitions}?{urlencode({'agency': agency.pk, 'q': 'cap nuoc sach'})}",
         f"{admin}?{urlencode({'agency__id__exact': agency.pk, 'q': 'cap nuoc sach'})}"),
        ("code lookup", f"{reverse('public:lookup')}?ma={public_code(last)}", None),
        ("petition page", reverse("public:petition", args=[last.round_id, last.number]), None),
        ("feed (RSS)", reverse("public:feed_rss"), None),
        ("CSV, one petition", f"{reverse('public:data_csv')}?{urlencode({'q': one})}", None),
        ("JSON, one round's search", f"{reverse('public:data_json')}?"
         f"{urlencode({'round': round_.pk, 'q': 'nao vet kenh muong thon 12'})}", None),
    ]
    print(f"{Petition.objects.exclude(status=PetitionStatus.MERGED).count():,} petitions; "
          f"round {round_.pk}, agency {agency.pk}, field {field.pk}")
    for cached in (False, True):
        print(f"-- {'cached' if cached else 'uncached (every public page made stale before each request)'}")
        table = PageTable(AnonymousClient(uncached=not cached), repeat)
        for label, url, admin_url in pages:
            if only in label:
                table.row(f"{label}{', cached' if cached else ''}", url,
                          admin_url if with_admin and not cached else None)


if __name__ == "__main__":
    main()
