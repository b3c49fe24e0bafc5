"""`outward analyze FILE`: a feedback file in, an offline HTML report with JSON and CSV out.

Needs no database: it only parses arguments and calls the analytics core (io -> pipeline ->
report), with a progress bar on stderr.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from outward.analytics.columns import SINGLE_ROLES, InputError
from outward.analytics.competitors import Competitor
from outward.analytics.io import SUPPORTED, load_file
from outward.analytics.pipeline import analyze
from outward.analytics.report import DEFAULT_OUT, write_report
from outward.analytics.representation import TextRepresentation
from outward.analytics.scorestats import SCORE_TYPES


def parse_competitor(value: str) -> Competitor:
    """ "Name" or "Name=alias,alias" (aliases are other names customers use)."""
    name, _, aliases = value.partition("=")
    if not name.strip():
        raise CommandError(f'--competitor "{value}" has no name')
    return Competitor(name.strip(), tuple(a.strip() for a in aliases.split(",") if a.strip()))


def parse_backend(value: str) -> TextRepresentation | None:
    """ "default" (None: the built-in representation), "embeddings" or "embeddings:MODEL"
    (sentence-transformers: a model name in the local cache or a saved model's folder)."""
    kind, _, model = value.partition(":")
    if kind == "default" and not model:
        return None
    if kind != "embeddings":
        raise CommandError(
            f'--backend "{value}": use "default", "embeddings" or "embeddings:MODEL"'
        )
    from outward.analytics.embeddings import DEFAULT_MODEL, SentenceEmbeddings

    backend = SentenceEmbeddings(model.strip() or DEFAULT_MODEL)
    try:
        backend.fit([])  # loads the model: a missing extra or model fails here, clearly
    except (ImportError, OSError) as error:
        raise CommandError(f"--backend {value}: {error}") from None
    return backend


class Command(BaseCommand):
    help = (
        f"Analyse a feedback file ({', '.join(SUPPORTED)}): themes, sentiment, root causes, "
        "drivers, emerging issues and scores, written as an offline HTML report with JSON and "
        "a CSV per table. Columns are guessed from common names unless given."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV, TSV, XLSX, JSONL or Parquet file")
        parser.add_argument(
            "--text",
            action="append",
            metavar="COL",
            help="text column (repeat to join several, e.g. Subject and Description)",
        )
        for role in SINGLE_ROLES:
            parser.add_argument(f"--{role}", metavar="COL", help=f"{role} column")
        parser.add_argument(
            "--competitor",
            action="append",
            default=[],
            metavar="NAME",
            help='competitor to look for, "Name" or "Name=alias,alias" (repeatable)',
        )
        parser.add_argument(
            "--score-type",
            choices=SCORE_TYPES,
            help="how to read the score column (default: guessed from its range)",
        )
        parser.add_argument(
            "--backend",
            default="default",
            metavar="NAME",
            help='text vectors for themes: "default" (built in), or "embeddings[:MODEL]" '
            "(sentence-transformers, MiniLM unless a model or folder is named; needs the "
            "embeddings extra)",
        )
        parser.add_argument(
            "--no-header",
            action="store_true",
            help='the CSV/TSV has no header row: name columns by position ("--text 2")',
        )
        parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
        parser.add_argument(
            "--out", default=str(DEFAULT_OUT), help=f"output folder (default ./{DEFAULT_OUT}/)"
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        path = Path(options["file"])
        overrides = {role: options.get(role) for role in SINGLE_ROLES}
        overrides["text"] = options.get("text")
        competitors = [parse_competitor(c) for c in options["competitor"]]
        representation = parse_backend(options["backend"])
        bar = tqdm(
            total=100,
            file=sys.stderr,
            disable=options["no_progress"],
            bar_format="{desc:<24}{percentage:3.0f}%|{bar}| {elapsed}",
        )

        def progress(step: str, fraction: float) -> None:
            bar.set_description_str(step)
            bar.update(max(0.0, round(100 * fraction, 1) - bar.n))

        try:
            progress("reading", 0.0)
            loaded = load_file(path, overrides, header=not options["no_header"])
            report = analyze(
                loaded.table,
                loaded.columns,
                competitors=competitors,
                seed=options["seed"],
                score_type=options["score_type"],
                source=path.name,
                representation=representation,
                notes=loaded.notes,
                progress=lambda step, f: progress(step, 0.05 + 0.85 * f),
            )
            progress("writing report", 0.9)
            paths = write_report(report, options["out"])
            progress("done", 1.0)
        except InputError as error:
            raise CommandError(error.message) from None
        finally:
            bar.close()
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"Analysed {report.n_items:,} items ({len(report.themes)} themes) in {seconds:.1f} s."
        )
        for note in report.notes:
            self.stdout.write(f"Note: {note}")
        self.stdout.write(f"Report: {paths['report.html'].resolve()}")
        self.stdout.write(f"Tables: {paths['report.json'].parent.resolve()}/ (JSON and CSV)")
