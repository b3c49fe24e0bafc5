"""The community speaks the visitor's language (English and German, complete), e-mails its
members in theirs, and leaves the staff app in English."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

import outward
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db
CATALOGUE = Path(outward.__file__).parent / "locale" / "de" / "LC_MESSAGES"


def _entries() -> list[tuple[str, list[str]]]:
    """(msgid, its msgstr forms) of every entry of the German catalogue."""
    text = (CATALOGUE / "django.po").read_text(encoding="utf-8")
    found = []
    for block in text.split("\n\n")[1:]:
        joined = re.sub(r'"\n"', "", block)
        msgid = re.search(r'^msgid "(.*)"$', joined, re.M)
        strings = re.findall(r'^msgstr(?:\[\d\])? "(.*)"$', joined, re.M)
        if msgid:
            found.append((msgid.group(1), strings))
    return found


def test_the_german_catalogue_is_complete_and_compiled() -> None:
    entries = _entries()
    compiled = gettext.GNUTranslations((CATALOGUE / "django.mo").open("rb"))

    assert len(entries) > 100
    assert not [msgid for msgid, strings in entries if not all(strings)]
    assert "#, fuzzy" not in (CATALOGUE / "django.po").read_text(encoding="utf-8")
    for msgid, strings in entries:
        if len(strings) == 1 and "\\" not in msgid:
            assert compiled.gettext(msgid) == strings[0], f"run compilemessages ({msgid})"


def test_a_german_browser_gets_the_community_in_german() -> None:
    german = Client(headers={"accept-language": "de-DE,de;q=0.9"}).get(reverse("community:index"))
    english = Client().get(reverse("community:index"))

    assert "Teilen Sie Ideen" in german.content.decode()
    assert german["Content-Language"] == "de"
    assert "Share ideas" in english.content.decode()


def test_the_switcher_keeps_the_chosen_language() -> None:
    client = Client()

    client.post(reverse("set_language"), {"language": "de", "next": "/community/"})
    page = client.get(reverse("community:sign_in"))

    assert "Link per E-Mail senden" in page.content.decode()


def test_members_get_e_mails_in_their_language() -> None:
    CustomerFactory.create(email="jana@example.org", name="Jana Weber", language="de")

    Client().post(reverse("community:sign_in"), {"email": "jana@example.org"})

    assert mail.outbox[0].subject == "Ihr Anmeldelink für die Community"
    assert "Hallo Jana W.," in mail.outbox[0].body


def test_the_staff_app_stays_in_english(client: Client) -> None:
    page = Client(headers={"accept-language": "de"}).get(reverse("accounts:login"))

    assert 'lang="en"' in page.content.decode()
