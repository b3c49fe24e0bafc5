"""Development e-mail: nothing is sent. Each message is written whole to a file under the
data directory (`mail/`, one .eml each, readable by any mail program) and summarised in one
console line: who it is for, its subject, the first link in it, and the file."""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage

LINK = re.compile(r"https?://[^\s<>\"')]+")


def first_link(message: EmailMessage) -> str:
    found = LINK.search(str(message.body))
    return found.group(0) if found else ""


def summary(message: EmailMessage, path: Path) -> str:
    to = ", ".join(message.to) or "(no recipient)"
    link = first_link(message)
    return (
        f"E-mail (not sent) to {to}: {message.subject!r}"
        + (f" | {link}" if link else "")
        + f" | {path}"
    )


class FileAndConsoleBackend(BaseEmailBackend):
    """The default when no EMAIL_URL is set: `outward serve` says so when it starts."""

    _lock = threading.Lock()

    def __init__(self, *, stream: TextIO | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.stream = stream or sys.stdout
        self.folder = Path(settings.DATA_DIR) / "mail"

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        self.folder.mkdir(parents=True, exist_ok=True)
        sent = 0
        with self._lock:
            for message in email_messages:
                stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
                path = self.folder / f"{stamp}-{sent}.eml"
                path.write_bytes(message.message().as_bytes())
                self.stream.write(summary(message, path) + "\n")
                self.stream.flush()
                sent += 1
        return sent
