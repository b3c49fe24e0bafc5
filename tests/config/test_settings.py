"""Settings come from the environment; production settings pass Django's deploy check."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from outward.config.env import email_settings, env_bool, env_list

SETTINGS = "outward.config.settings"
QUIET = ["--workers", "1", "--no-worker"]


def outward(*args: str, data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY"}}
    return subprocess.run(
        [sys.executable, "-m", "outward.cli", *args],
        env={
            **clean,
            "OUTWARD_DATA_DIR": str(data_dir),
            "DJANGO_SETTINGS_MODULE": SETTINGS,
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_smtp_url_gives_smtp_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EMAIL_URL", "smtp://mailer:s%40cret@mail.example.com:2525?tls=1")

    settings = email_settings()

    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (settings["EMAIL_HOST"], settings["EMAIL_PORT"]) == ("mail.example.com", 2525)
    assert settings["EMAIL_HOST_PASSWORD"] == "s@cret"
    assert settings["EMAIL_USE_TLS"] is True


def test_without_mail_settings_mail_is_kept_in_files_and_summarised(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("EMAIL_URL", raising=False)
    monkeypatch.delenv("EMAIL_HOST", raising=False)

    assert email_settings()["EMAIL_BACKEND"] == "outward.core.mailbox.FileAndConsoleBackend"


def test_unknown_mail_scheme_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EMAIL_URL", "pigeon://coop")

    with pytest.raises(ValueError, match="EMAIL_URL"):
        email_settings()


def test_lists_and_flags_are_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLOWED_HOSTS", " a.example , b.example,")
    monkeypatch.setenv("DEBUG", "yes")

    assert env_list("ALLOWED_HOSTS", default=[]) == ["a.example", "b.example"]
    assert env_bool("DEBUG", default=False) is True


def test_production_settings_pass_the_deploy_check(tmp_path: Path) -> None:
    result = outward(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        data_dir=tmp_path,
        DJANGO_SETTINGS_MODULE="outward.config.production",
        SECRET_KEY="k" * 20 + "-production-only-" + "z" * 30,
        ALLOWED_HOSTS="cx.example.com",
        EMAIL_URL="smtp://mailer:secret@mail.example.com:587?tls=1",
    )

    assert result.returncode == 0, result.stderr


def test_the_deploy_check_warns_when_production_would_not_send_mail(tmp_path: Path) -> None:
    result = outward(
        "check",
        "--deploy",
        data_dir=tmp_path,
        DJANGO_SETTINGS_MODULE="outward.config.production",
        SECRET_KEY="k" * 20 + "-production-only-" + "z" * 30,
        ALLOWED_HOSTS="cx.example.com",
        EMAIL_URL="file://",
    )

    assert "outward.W001" in result.stderr + result.stdout


def test_secret_key_is_generated_once_and_kept_private(tmp_path: Path) -> None:
    outward("check", data_dir=tmp_path)
    key_file = tmp_path / "secret_key"
    first = key_file.read_text()
    outward("check", data_dir=tmp_path)

    assert len(first) >= 50
    assert key_file.read_text() == first
    assert key_file.stat().st_mode & 0o077 == 0


def test_sqlite_database_runs_in_wal_mode(tmp_path: Path) -> None:
    result = outward("migrate", "-v0", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr

    mode = sqlite3.connect(tmp_path / "outward.sqlite3").execute("PRAGMA journal_mode").fetchone()

    assert mode == ("wal",)


def test_bootstrap_prints_a_working_admin_login(tmp_path: Path) -> None:
    result = outward("bootstrap", "--no-demo", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    password = result.stdout.split("Sign in as admin / ")[1].split()[0]

    check = outward(
        "shell",
        "-c",
        "from django.contrib.auth import authenticate;"
        f"print(authenticate(username='admin', password='{password}').role)",
        data_dir=tmp_path,
    )

    assert check.stdout.strip().splitlines()[-1] == "admin"
    again = outward("bootstrap", "--no-demo", data_dir=tmp_path)
    assert f"Sign in as admin / {password}" in again.stdout


def test_serve_ends_its_start_with_the_address_the_login_and_where_mail_goes(
    tmp_path: Path,
) -> None:
    assert outward("bootstrap", "--no-demo", data_dir=tmp_path).returncode == 0
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY"}}
    clean.pop("EMAIL_URL", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "outward.cli", "serve", "--bind", f"127.0.0.1:{port}", *QUIET],
        env={**clean, "OUTWARD_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": SETTINGS},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        out, _ = server.communicate(timeout=20)  # it serves until stopped
    except subprocess.TimeoutExpired:
        server.terminate()
        out, _ = server.communicate(timeout=30)
    lines = out.splitlines()

    assert lines[0].startswith("====")
    assert lines[1] == f"Outward is running: open http://127.0.0.1:{port}/"
    assert lines[2].startswith("Sign in as admin / ")
    assert "(the password you set" not in lines[2]
    assert lines[3].startswith("E-mails are not sent: each is printed here in one line")
    assert lines[4] == "Ctrl-C stops it."
    assert lines[5].startswith("====")


def test_a_reader_closing_the_pipe_stops_the_command_without_a_traceback(tmp_path: Path) -> None:
    # Given the command's output piped into a reader that goes away without reading
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY"}}
    env = {**clean, "OUTWARD_DATA_DIR": str(tmp_path)}
    command = f"{sys.executable} -m outward.cli help --commands | true"

    # When it runs
    result = subprocess.run(
        ["/bin/sh", "-c", command],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    # Then nothing is printed about the broken pipe
    assert "Traceback" not in result.stderr
    assert "BrokenPipeError" not in result.stderr
