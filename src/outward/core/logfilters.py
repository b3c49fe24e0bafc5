"""Log filters: a refused request (403) is one line, not a traceback; the refusal is the
application working, not failing."""

from __future__ import annotations

import logging


class ForbiddenInOneLine(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info, record.exc_text = None, None
        return True
