"""Django's SQLite backend with writers queued by the kernel instead of by SQLite's polling.

Every transaction here is IMMEDIATE: it takes the database's write lock when it begins. A
writer that finds the lock taken is put to sleep by SQLite's busy handler for 1, 2, 5, 10
... up to 100 ms at a time and re-tries; under a steady stream of short writes (survey
responses from several server processes) an unlucky writer keeps missing the moment the lock
is free and waits a second or more while others go first. Here a transaction first takes an
exclusive `flock` on a file beside the database: the kernel wakes a waiting writer the moment
the holder commits or rolls back, so the wait is as long as the writes ahead of it, no
longer. The lock goes with the process if it dies. In-memory databases (the tests) have one
connection per process and need no queue.
"""

from __future__ import annotations

import fcntl
import os
from typing import Any

from django.db.backends.sqlite3 import base

# The stubs leave out the private hooks overridden here.
_SQLiteWrapper: Any = base.DatabaseWrapper


class DatabaseWrapper(_SQLiteWrapper):
    _queue_fd: int | None = None

    def _queue_path(self) -> str | None:
        if self.is_in_memory_db():
            return None
        return f"{self.settings_dict['NAME']}-writers"

    def _start_transaction_under_autocommit(self) -> None:
        path = self._queue_path()
        if path is not None and self._queue_fd is None:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
            except BaseException:
                os.close(fd)
                raise
            self._queue_fd = fd
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._leave_queue()
            raise

    def _leave_queue(self) -> None:
        fd, self._queue_fd = self._queue_fd, None
        if fd is not None:
            os.close(fd)  # closing the descriptor releases its lock

    def _commit(self) -> Any:
        try:
            return super()._commit()
        finally:
            self._leave_queue()

    def _rollback(self) -> Any:
        try:
            return super()._rollback()
        finally:
            self._leave_queue()

    def _close(self) -> Any:
        try:
            return super()._close()
        finally:
            self._leave_queue()
