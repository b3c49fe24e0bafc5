"""The community's pages at scale: the forum index, a space's list (active and top), the
most voted idea (as a member and as staff, who also see its voters by segment), and search.

    nice -n 10 .venv/bin/python bench/community_pages.py [--posts 100000] [--votes 1000000]
        [--members 20000] [--pg postgresql://postgres@127.0.0.1:5432/postgres]
        [--skip-pg] [--skip-sqlite] [--repeat 20]

For each database (a fresh SQLite file in a temporary OUTWARD_DATA_DIR, and a fresh
PostgreSQL database `bench_community`) a child process migrates and writes customers who are
members, posts over two years in eight spaces (six in ten ideas, the rest questions,
discussions and best practices, from a vocabulary of appliance words), comments on one post
in three, and votes on ideas (a skewed choice of idea: a few are very popular, as in real
forums; one vote per member and idea), then builds the search index (`search.rebuild`,
timed) and requests each page through Django's test client --repeat times: median and p95.

Target (issue 15): forum list and idea pages p95 < 150 ms, search p95 < 300 ms, with 100,000
posts and 1,000,000 votes, on PostgreSQL and SQLite.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchdb import fresh_pg, p95, timed

VENV_BIN = Path(sys.executable).parent
WORDS = [
    "descaling",
    "coffee",
    "grinder",
    "milk",
    "frother",
    "espresso",
    "boiler",
    "pump",
    "dishwasher",
    "rinse",
    "filter",
    "fridge",
    "freezer",
    "ice",
    "maker",
    "steam",
    "oven",
    "recipe",
    "bread",
    "timer",
    "delivery",
    "order",
    "lead",
    "time",
    "invoice",
    "refund",
    "technician",
    "visit",
    "service",
    "warranty",
    "noise",
    "leak",
    "error",
    "display",
    "app",
    "reminder",
    "tank",
    "water",
    "hardness",
    "cleaning",
    "tablet",
    "door",
    "seal",
    "drawer",
    "light",
    "programme",
]
KINDS = ["idea"] * 6 + ["question"] * 2 + ["discussion", "practice"]


def _text(rng: object, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."  # type: ignore[attr-defined]


def _populate(posts: int, votes: int, members: int) -> int:
    """Returns the id of the most voted idea."""
    import random
    from datetime import timedelta

    from django.db import connection, transaction
    from django.utils import timezone
    from tqdm import tqdm

    from outward.community import markup
    from outward.community.models import Comment, Member, Post, Space, Vote
    from outward.community.services.posts import recount_spaces
    from outward.customers.models import Customer

    rng = random.Random(15)
    now = timezone.now()
    Customer.objects.bulk_create(
        [
            Customer(
                name=f"Member {n:06d}",
                email=f"m{n:06d}@example.com",
                segment=("consumer", "small business", "enterprise")[n % 3],
                annual_value=500 + n % 4000,
            )
            for n in range(members)
        ],
        batch_size=5000,
    )
    customer_ids = list(Customer.objects.order_by("pk").values_list("pk", flat=True))
    Member.objects.bulk_create(
        [
            Member(customer_id=pk, display_name=f"Member {n}", trusted=True)
            for n, pk in enumerate(customer_ids)
        ],
        batch_size=5000,
    )
    member_ids = list(Member.objects.order_by("pk").values_list("pk", flat=True))
    spaces = Space.objects.bulk_create(
        [Space(slug=f"space-{n}", name=f"Space {n}", position=n) for n in range(8)]
    )
    chunk = 10_000
    for start in tqdm(range(0, posts, chunk), desc="posts", unit_scale=chunk):
        rows = []
        for _ in range(min(chunk, posts - start)):
            body = _text(rng, rng.randint(12, 60))
            at = now - timedelta(minutes=rng.randrange(0, 730 * 24 * 60))
            rows.append(
                Post(
                    space=rng.choice(spaces),
                    kind=rng.choice(KINDS),
                    title=_text(rng, rng.randint(3, 8)),
                    body=body,
                    body_html=markup.render(body),
                    member_id=rng.choice(member_ids),
                    last_activity_at=at,
                )
            )
        with transaction.atomic():
            Post.objects.bulk_create(rows, batch_size=2000)
    post_ids = list(Post.objects.values_list("pk", flat=True))
    comments = [
        Comment(
            post_id=pk, body=_text(rng, 20), body_html="<p>…</p>", member_id=rng.choice(member_ids)
        )
        for pk in post_ids[::3]
    ]
    Comment.objects.bulk_create(comments, batch_size=5000)
    ideas = list(Post.objects.filter(kind="idea").order_by("pk").values_list("pk", flat=True))
    pairs: set[tuple[int, int]] = set()
    with tqdm(total=votes, desc="votes") as bar:
        while len(pairs) < votes:
            batch = []
            for _ in range(min(50_000, votes - len(pairs))):
                pair = (ideas[int(len(ideas) * rng.random() ** 3)], rng.choice(member_ids))
                if pair not in pairs:
                    pairs.add(pair)
                    batch.append(Vote(post_id=pair[0], member_id=pair[1]))
            with transaction.atomic():
                Vote.objects.bulk_create(batch, batch_size=5000)
            bar.update(len(batch))
    with connection.cursor() as cursor:  # the denormalised counts, as the services keep them
        cursor.execute(
            "UPDATE community_post SET votes_count = (SELECT count(*) FROM community_vote v "
            "WHERE v.post_id = community_post.id), comments_count = (SELECT count(*) FROM "
            "community_comment c WHERE c.post_id = community_post.id)"
        )
    recount_spaces()
    return int(Post.objects.order_by("-votes_count").values_list("pk", flat=True)[0])


def child(posts: int, votes: int, members: int, repeat: int) -> None:
    """Runs inside one database's environment; prints one JSON line of figures."""
    for command in (["migrate"], ["collectstatic", "--noinput"]):
        subprocess.run([str(VENV_BIN / "outward"), *command, "--verbosity", "0"], check=True)
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from outward.accounts.services import create_employee
    from outward.community import search
    from outward.community.models import Member, Vote
    from outward.community.session import SESSION_KEY
    from outward.core.maintenance import refresh_query_statistics

    figures: dict[str, object] = {}
    started = time.perf_counter()
    top = _populate(posts, votes, members)
    figures["populate_s"] = round(time.perf_counter() - started, 1)
    started = time.perf_counter()
    search.rebuild()
    figures["index_s"] = round(time.perf_counter() - started, 1)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    refresh_query_statistics()  # SQLite: what the nightly job keeps up to date
    figures["top_idea_votes"] = Vote.objects.filter(post_id=top).count()
    member = Client()
    session = member.session
    session[SESSION_KEY] = Member.objects.order_by("pk").values_list("pk", flat=True)[0]
    session.save()
    staff = Client()
    staff.force_login(create_employee(username="mod", email="m@example.org", role="agent"))
    pages = {
        "index": (member, "/community/"),
        "space, active": (member, "/community/s/space-1/"),
        "space, top ideas": (member, "/community/s/space-1/?sort=top&kind=idea"),
        "space, page 50": (member, "/community/s/space-1/?page=50"),
        "top idea, member": (member, f"/community/p/{top}/"),
        "top idea, staff (voters by segment)": (staff, f"/community/p/{top}/"),
        "roadmap": (member, "/community/roadmap/"),
        "search, one word": (member, "/community/search/?q=descaling"),
        "search, three words": (member, "/community/search/?q=descaling+pump+noise"),
        "search, a prefix": (member, "/community/search/?q=dishwa"),
    }
    for name, (client, url) in pages.items():

        def page(client: Client = client, url: str = url) -> None:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        page()
        times = timed(page, repeat)
        figures[name] = {
            "median_ms": round(statistics.median(times), 1),
            "p95_ms": round(p95(times), 1),
        }
    print(json.dumps(figures))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--votes", type=int, default=1_000_000)
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = [f"--posts={args.posts}", f"--votes={args.votes}", f"--members={args.members}"]
    if args.child:
        child(args.posts, args.votes, args.members, args.repeat)
        return 0
    runs: list[tuple[str, dict[str, str]]] = []
    if not args.skip_sqlite:
        runs.append(("SQLite", {"OUTWARD_DATA_DIR": tempfile.mkdtemp(prefix="bench-community-")}))
    if not args.skip_pg:
        url = fresh_pg(args.pg, "bench_community")
        runs.append(("PostgreSQL", {"DATABASE_URL": url, "OUTWARD_DATA_DIR": tempfile.mkdtemp()}))
    print(
        f"{args.posts:,} posts, {args.votes:,} votes, {args.members:,} members; "
        f"nproc {os.cpu_count()}, load {os.getloadavg()[0]:.2f}"
    )
    for name, env in runs:
        result = subprocess.run(
            [sys.executable, __file__, "--child", *sizes, f"--repeat={args.repeat}"],
            env={
                **{
                    k: v
                    for k, v in os.environ.items()
                    if k not in {"DATABASE_URL", "TEST_DATABASE_URL"}
                },
                "DJANGO_SETTINGS_MODULE": "outward.config.settings",
                "LOG_LEVEL": "WARNING",
                "ALLOWED_HOSTS": "testserver",
                **env,
            },
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            print(f"{name}: failed\n{result.stderr[-3000:]}")
            return 1
        print(f"{name}: {result.stdout.strip().splitlines()[-1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
