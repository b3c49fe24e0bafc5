"""SQLite writers wait in a kernel queue (an flock beside the database file), woken the
moment the transaction ahead of them ends, instead of polling SQLite's lock with sleeps."""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from outward.core.sqlite.base import DatabaseWrapper

WAIT_S = 0.3


def _settings(name: str) -> dict[str, Any]:
    return {
        "ENGINE": "outward.core.sqlite",
        "NAME": name,
        "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        "TIME_ZONE": None,
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
        "AUTOCOMMIT": True,
        "ATOMIC_REQUESTS": False,
        "USER": "",
        "PASSWORD": "",
        "HOST": "",
        "PORT": "",
        "TEST": {},
    }


@pytest.fixture
def database(tmp_path: Path, django_db_blocker: Any) -> Iterator[str]:
    """A file database of its own (not the test database), whatever the suite runs on."""
    path = tmp_path / "queue.sqlite3"
    with django_db_blocker.unblock():
        setup = DatabaseWrapper(_settings(str(path)), alias="queue-setup")
        with setup.cursor() as cursor:
            cursor.execute("CREATE TABLE note (body TEXT)")
        setup.close()
        yield str(path)


def _begin(connection: DatabaseWrapper) -> None:
    # What transaction.atomic() does on a connection in autocommit mode.
    connection.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)


def _end(connection: DatabaseWrapper, *, commit: bool = True) -> None:
    connection.commit() if commit else connection.rollback()
    connection.set_autocommit(True)


def _queue_is_held(database: str) -> bool:
    fd = os.open(f"{database}-writers", os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def _second_writer(name: str, began: threading.Event, notes: list[int]) -> threading.Thread:
    def run() -> None:
        second = DatabaseWrapper(_settings(name), alias="queue-second")
        _begin(second)
        began.set()
        with second.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM note")
            notes.append(cursor.fetchone()[0])
        _end(second)
        second.close()

    return threading.Thread(target=run)


@pytest.mark.parametrize("ending", ["commit", "rollback", "close"])
def test_a_writer_waits_for_the_transaction_ahead_and_goes_as_soon_as_it_ends(
    database: str, ending: str
) -> None:
    first = DatabaseWrapper(_settings(database), alias="queue-first")
    _begin(first)
    with first.cursor() as cursor:
        cursor.execute("INSERT INTO note VALUES ('first')")
    began, notes = threading.Event(), list[int]()
    waiting = _second_writer(database, began, notes)
    waiting.start()

    assert not began.wait(WAIT_S), "the second writer began while the first held the lock"

    if ending == "close":
        first.close()  # a transaction left open by a dying connection is rolled back
    else:
        _end(first, commit=ending == "commit")
    assert began.wait(5), "the second writer was not woken when the first ended"
    waiting.join(5)
    assert notes == [1 if ending == "commit" else 0]
    first.close()


def test_the_queue_lives_beside_a_file_database_and_not_for_one_in_memory(
    database: str,
) -> None:
    on_file = DatabaseWrapper(_settings(database), alias="queue-file")
    _begin(on_file)
    assert _queue_is_held(database)
    _end(on_file)
    assert not _queue_is_held(database)
    on_file.close()

    in_memory = DatabaseWrapper(_settings(":memory:"), alias="queue-memory")
    assert in_memory._queue_path() is None
    _begin(in_memory)
    _end(in_memory)
    in_memory.close()


def test_savepoints_inside_a_transaction_do_not_queue_again(database: str) -> None:
    connection = DatabaseWrapper(_settings(database), alias="queue-nested")
    _begin(connection)
    savepoint = connection.savepoint()  # what a nested atomic() does
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO note VALUES ('nested')")
    connection.savepoint_commit(savepoint)
    _end(connection)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM note")
        assert cursor.fetchone()[0] == 1
    connection.close()
