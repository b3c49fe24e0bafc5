"""A full refit of a million stored feedback items: `outward refit` on PostgreSQL (or SQLite).

    nice -n 10 .venv/bin/python bench/refit_scale.py ../shared/data [--rows 1000000]
        [--pg postgresql://postgres@127.0.0.1:5432/postgres] [--sqlite] [--reuse]

Writes the CSV of `import_feedback.py` (texts resampled from the public support tweets,
clothing reviews and banking queries; 50,000 customers; dates over two years), imports it
with the real `outward import` into a fresh database (PostgreSQL `bench_refit`, or a SQLite
file with --sqlite), marks every item analysed as the workers would have (the refit reads
analysed items; the per-item analysis is measured in docs/benchmarks.md on its own), then
runs the real `outward refit` under `nice -n 10` and prints its wall time, CPU time, peak
RSS and the run's own step timings. `--reuse` refits the last run's PostgreSQL database
again (a second refit keeps theme ids: the previous model is read).

Target (issue 11, 2-core machine): 1,000,000 items with the default backend in at most 10
minutes, peak memory at most 8 GB.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from benchdb import fresh_pg
from import_feedback import _env, _run, _texts, write_file

VENV_BIN = Path(sys.executable).parent


def _mark_analysed(env: dict[str, str]) -> None:
    """Every imported item analysed now (what `outward worker` does item by item)."""
    script = (
        "import django; django.setup()\n"
        "from django.db import connection\n"
        "from django.utils import timezone\n"
        "from outward.feedback.models import FeedbackItem\n"
        "n = FeedbackItem.objects.filter(analysed_at__isnull=True).update("
        "analysed_at=timezone.now())\n"
        "print(n)\n"
        "if connection.vendor == 'postgresql':\n"
        "    connection.cursor().execute('VACUUM ANALYZE')\n"
    )
    _run([sys.executable, "-c", script], env)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    parser.add_argument("--reuse", action="store_true", help="refit the last database again")
    args = parser.parse_args()
    work = Path(tempfile.gettempdir()) / "bench-refit"
    work.mkdir(exist_ok=True)
    url = None if args.sqlite else f"{args.pg.rsplit('/', 1)[0]}/bench_refit"
    env = _env(work, url)
    print(f"nproc {os.cpu_count()}, load {os.getloadavg()[0]:.2f}")
    if not args.reuse:
        if args.sqlite:
            (work / "outward.sqlite3").unlink(missing_ok=True)
        else:
            fresh_pg(args.pg, "bench_refit")
        file = work / "feedback.csv"
        valid = write_file(file, args.rows, _texts(args.data))
        print(f"wrote {args.rows:,} rows ({valid:,} valid)")
        _run([str(VENV_BIN / "outward"), "migrate", "--verbosity", "0"], env)
        imported = _run([str(VENV_BIN / "outward"), "import", str(file), "--no-progress"], env)
        print(f"import: {imported.seconds:.0f} s")
        _mark_analysed(env)
    refit = _run([str(VENV_BIN / "outward"), "refit"], env)
    print(refit.output.strip().splitlines()[-1])
    print(
        f"refit: {refit.seconds:.0f} s wall, {refit.cpu_seconds:.0f} s CPU, "
        f"peak RSS {refit.peak_rss_mb / 1024:.2f} GB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
