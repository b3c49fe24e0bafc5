"""Small readers for environment variables, kept apart so settings stay declarative."""

from __future__ import annotations

import ipaddress
import os
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit


def env_bool(name: str, *, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, *, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def trusted_proxies(raw: str) -> int | tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """``TRUSTED_PROXIES``: a count of proxies in front of the app ("1"), or the proxies'
    addresses and networks ("10.0.0.0/8, 192.168.1.5"); empty trusts none. ValueError names
    the entry that is neither."""
    raw = raw.strip()
    if not raw:
        return 0
    if raw.isdigit():
        return int(raw)
    networks = []
    for entry in (part.strip() for part in raw.split(",")):
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise ValueError(
                f'TRUSTED_PROXIES: "{entry}" is neither a number of proxies nor an address '
                "or network (such as 10.0.0.0/8)"
            ) from None
    return tuple(networks)


DEVELOPMENT_MAIL = "outward.core.mailbox.FileAndConsoleBackend"


def email_settings() -> dict[str, Any]:
    """Django e-mail settings from EMAIL_URL, or from the EMAIL_* variables.

    EMAIL_URL forms: ``console://``, ``locmem://``, ``smtp://user:pass@host:587?tls=1``,
    ``smtps://user:pass@host:465``, ``file://`` (development: a line each on the console,
    the whole message in a file under the data directory). Without it, ``file://``.
    """
    url = os.environ.get("EMAIL_URL", "")
    if not url and not os.environ.get("EMAIL_HOST"):
        return {"EMAIL_BACKEND": DEVELOPMENT_MAIL}
    if not url:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": os.environ["EMAIL_HOST"],
            "EMAIL_PORT": int(os.environ.get("EMAIL_PORT", "587")),
            "EMAIL_HOST_USER": os.environ.get("EMAIL_HOST_USER", ""),
            "EMAIL_HOST_PASSWORD": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "EMAIL_USE_TLS": env_bool("EMAIL_USE_TLS", default=True),
            "EMAIL_USE_SSL": env_bool("EMAIL_USE_SSL", default=False),
        }
    parts = urlsplit(url)
    simple = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "dummy": "django.core.mail.backends.dummy.EmailBackend",
        "file": DEVELOPMENT_MAIL,
    }
    if parts.scheme in simple:
        return {"EMAIL_BACKEND": simple[parts.scheme]}
    if parts.scheme not in {"smtp", "smtps"}:
        raise ValueError(f"EMAIL_URL: unsupported scheme {parts.scheme!r}")
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    ssl = parts.scheme == "smtps" or query.get("ssl") in {"1", "true"}
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or (465 if ssl else 587),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": ssl,
        "EMAIL_USE_TLS": not ssl and query.get("tls", "1") in {"1", "true"},
        "EMAIL_TIMEOUT": 10,
    }
