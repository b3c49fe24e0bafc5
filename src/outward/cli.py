"""The `outward` command: Django's management commands under one name.

outward bootstrap   migrate, collect static files, admin account, demo company if empty
outward serve       the web server (gunicorn) with a task worker beside it
outward worker      a task worker alone
outward demo        (re)generate the demo company
outward <any Django management command>
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outward.config.settings")
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["outward", *(sys.argv[1:] if argv is None else argv)])
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader of our output went away (`outward analyze ... | head -1`): stop quietly,
        # as a Unix command does, instead of printing a traceback. Python would report the
        # same error again while flushing stdout at exit, so stdout is pointed at devnull.
        # https://docs.python.org/3/library/signal.html#note-on-sigpipe
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)


if __name__ == "__main__":
    main()
