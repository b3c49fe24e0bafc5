"""Survey responses over real HTTP: customers answering e-mailed invitations, on SQLite or
PostgreSQL.

    .venv/bin/python bench/survey_responses.py [--responses 6000] [--clients 8]
    .venv/bin/python bench/survey_responses.py --postgres postgresql://postgres@127.0.0.1:5432/

Builds a fresh data directory (and, with --postgres, a fresh database on that server, dropped
afterwards), migrates it, creates an active relationship-NPS survey from its template,
customers and one invitation each through the services and models, starts gunicorn, then
posts complete responses (`POST /s/<token>/`, a score and a follow-up text, as the page's
form sends them) from several client threads to 127.0.0.1. Afterwards it re-sends a few
used links (each must answer "already answered" and store nothing) and counts responses and
feedback items in the database: every accepted response must be stored exactly once.

Rate limits stay on, as in production: each link is posted once, far below the per-link
limit (OUTWARD_SURVEY_POSTS_PER_LINK); the per-address limit applies only to the anonymous
public link, which this benchmark does not use.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import uuid
from contextlib import suppress
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

from httpload import VENV_BIN, Run, free_port, gunicorn, post_all

TIME_LIMIT_S = 300  # no request starts after this long
REQUEST_TIMEOUT_S = 30
TEXTS = [
    "Answering the phone so quickly.",
    "The engineer explained everything before starting.",
    "Clear invoices, no surprises.",
    "Friendly people in the shop.",
]
COMPLAINTS = [
    "The delivery came two weeks late and nobody told me.",
    "Third call about the same invoice.",
    "The app logs me out every day.",
]


def _database_url(server: str | None) -> tuple[str | None, str | None]:
    """(DATABASE_URL, name of the database created for this run) for --postgres; else Nones."""
    if not server:
        return None, None
    import psycopg

    name = f"outward_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(server)
    return urlunsplit(parts._replace(path=f"/{name}")), name


def _drop_database(server: str, name: str) -> None:
    import psycopg

    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _prepare(data_dir: Path, database_url: str | None, count: int) -> list[str]:
    """Migrate, create the survey, customers and invitations; the invitation tokens."""
    (data_dir / "static").mkdir()
    os.environ["OUTWARD_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outward.config.settings")
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    subprocess.run(
        [str(VENV_BIN / "outward"), "migrate", "--verbosity", "0"], check=True, env=os.environ
    )
    subprocess.run(
        [str(VENV_BIN / "outward"), "collectstatic", "--noinput", "--verbosity", "0"],
        check=True,
        env=os.environ,
    )
    import django

    django.setup()
    from datetime import timedelta

    from django.db import connection, transaction
    from django.utils import timezone

    from outward.customers.models import Customer
    from outward.surveys.choices import Trigger
    from outward.surveys.models import Invitation
    from outward.surveys.services.building import activate_survey, create_from_template
    from outward.surveys.tokens import invitation_token

    survey = activate_survey(
        create_from_template("relationship_nps", name="Bench relationship", created_by=None)
    )
    with transaction.atomic():
        customers = Customer.objects.bulk_create(
            Customer(name=f"Customer {i}", email=f"bench{i}@example.org", external_id=f"B{i}")
            for i in range(count)
        )
        expires = timezone.now() + timedelta(days=30)
        invitations = Invitation.objects.bulk_create(
            Invitation(
                survey=survey,
                customer=customer,
                trigger=Trigger.MANUAL,
                email=customer.email,
                expires_at=expires,
            )
            for customer in customers
        )
    tokens = [invitation_token(invitation) for invitation in invitations]
    connection.close()
    return tokens


def _body(rng: random.Random) -> bytes:
    score = rng.randint(0, 10)
    # As the page sends it with its script on: "shown" names every question on screen.
    form: dict[str, str | list[str]] = {"lang": "en", "q_nps": str(score), "action": "send"}
    shown = ["nps", "comment"]
    if score <= 6:
        form["q_fix_first"] = rng.choice(COMPLAINTS)
        shown.append("fix_first")
    elif score >= 9:
        form["q_keep_doing"] = rng.choice(TEXTS)
        shown.append("keep_doing")
    form["shown"] = shown
    form["q_comment"] = ""
    return urlencode(form, doseq=True).encode()


def _cpu_seconds(master: int) -> float:
    """CPU time (user + system) used so far by gunicorn's master and its workers (Linux)."""
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    except OSError:
        return float("nan")
    total = 0
    for pid in [str(master), *children]:
        with suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def _post_all(port: int, jobs: list[tuple[str, bytes]], clients: int) -> Run:
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    requests = [(f"/s/{token}/", body, 1) for token, body in jobs]
    return post_all(
        port,
        requests,
        clients,
        headers,
        time_limit_s=TIME_LIMIT_S,
        timeout_s=REQUEST_TIMEOUT_S,
    )


def _stored() -> dict[str, int]:
    from django.db.models import Count

    from outward.feedback.models import FeedbackItem
    from outward.surveys.models import Invitation, Response

    items = FeedbackItem.objects.filter(source="survey")
    return {
        "responses": Response.objects.filter(completed_at__isnull=False).count(),
        "partial": Response.objects.filter(completed_at__isnull=True).count(),
        "feedback": items.count(),
        "feedback_duplicates": items.values("external_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count(),
        "responded": Invitation.objects.filter(responded_at__isnull=False).count(),
        "linked": Response.objects.filter(feedback__isnull=False).count(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--responses", type=int, default=6000)
    parser.add_argument("--clients", type=int, default=8, help="concurrent client threads")
    parser.add_argument(
        "--workers", type=int, default=2 * (os.cpu_count() or 1), help="gunicorn processes"
    )
    parser.add_argument("--threads", type=int, default=1, help="threads per worker")
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="a PostgreSQL server URL (postgresql://user@host:port/); a database is created "
        "for the run and dropped afterwards",
    )
    args = parser.parse_args(argv)

    warm, retries = 50, 50
    data_dir = Path(tempfile.mkdtemp(prefix="outward-bench-"))
    database_url, database = _database_url(args.postgres)
    try:
        tokens = _prepare(data_dir, database_url, args.responses + warm)
        rng = random.Random(7)
        jobs = [(token, _body(rng)) for token in tokens]
        port = free_port()
        engine = f"PostgreSQL ({database})" if database else f"SQLite in {data_dir}"
        print(
            f"{engine}; gunicorn {args.workers} workers x {args.threads} threads on "
            f"127.0.0.1:{port}; {args.clients} client threads; {os.cpu_count()} CPUs"
        )
        with gunicorn(port, workers=args.workers, threads=args.threads) as master:
            _post_all(port, jobs[:warm], args.clients)  # warms every worker
            cpu_before = _cpu_seconds(master)
            run = _post_all(port, jobs[warm:], args.clients)
            cpu = _cpu_seconds(master) - cpu_before
            again = _post_all(port, jobs[warm : warm + retries], 2)
        rate = run.accepted / run.seconds if run.seconds else 0.0
        print(
            f"responses: {run.accepted} accepted in {run.seconds:.2f} s = {rate:.1f} /s; "
            f"latency p50 {run.percentile(0.5):.1f} ms, p95 {run.percentile(0.95):.1f} ms, "
            f"p99 {run.percentile(0.99):.1f} ms, max {run.percentile(1.0):.1f} ms; "
            f"statuses {run.statuses}"
        )
        if run.accepted:
            print(
                f"server CPU: {cpu:.1f} s = {cpu / run.accepted * 1000:.2f} ms per response "
                f"(gunicorn master and workers, user + system)"
            )
        print(f"used links sent again: statuses {again.statuses}")
        stored = _stored()
        print(f"stored: {stored}")
        expected = run.accepted + warm
        once = (
            stored["responses"] == stored["feedback"] == stored["responded"] == expected
            and stored["linked"] == expected
            and stored["feedback_duplicates"] == 0
            and stored["partial"] == 0
            and again.statuses == {409: retries}
        )
        print("every accepted response stored exactly once: " + ("yes" if once else "NO"))
        return 0 if once else 1
    finally:
        from django.db import connections

        connections.close_all()
        if args.postgres and database:
            with suppress(Exception):
                _drop_database(args.postgres, database)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
