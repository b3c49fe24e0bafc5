"""General-English word valences: VADER's human-rated lexicon, read from its package.

VADER's lexicon (Hutto & Gilbert, ICWSM 2014; MIT licence, shipped inside the
`vaderSentiment` wheel) rates about 7,500 entries on [-4, 4], each by ten people. Our own
lexicon (`sentiment_words`, `sentiment_phrases`) is written for customer-service and review
language and wins wherever both rate a word; VADER's gives the scorer the everyday words,
slang and abbreviations of social posts and prose that a hand-written list misses.

Two kinds of entry are left out:
- entries that are not one lowercase word (emoticons and symbols: `sentiment_phrases` has
  its own, matched by the tokenizer), and words our rules already treat as negators,
  boosters or contrasts ("no", "super", "truly");
- `NEUTRAL_IN_SERVICE`: words whose general valence is not an opinion in a message to a
  company. "Please help, I want to top up my card" asks for something; in VADER "please",
  "help", "want" and "top" would make it positive ("the promised date" no better). These
  are request and account words, and a few names ("United"), chosen by reading what
  customers write to a bank, a retailer and a streaming service's support account (the
  public sets beside this project).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

_NEUTRAL_IN_SERVICE = """
    help helps helping helped please pls plz want wants wanted pay paid paying payment
    top create creating created support supports supported supporting play plays played
    playing number free solve solves solving solution solutions withdrawal withdraw credit
    credits leave leaving guarantee guaranteed accept accepts accepted allow allowed
    certain care share shared clear cleared giving give matter freeze freezes urgent
    urgently important reach reached beneficiary friend friends united swift gt lt l x
    join joined joining interested interest save saving savings fund funds funded
    promise promised promises
"""
NEUTRAL_IN_SERVICE = frozenset(_NEUTRAL_IN_SERVICE.split())
"""General-English words rated by VADER that carry no opinion in a customer's request."""

_WORD = re.compile(r"[a-z][a-z']*")


@lru_cache(maxsize=1)
def general_words(exclude: frozenset[str] = frozenset()) -> dict[str, float]:
    """VADER's single-word entries with their mean rating, less those described above.

    `exclude` names further words to leave out (the scorer passes its negators, boosters and
    contrasts). Read once per process.
    """
    text = resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text("utf-8")
    words: dict[str, float] = {}
    for line in text.splitlines():
        entry, rating, *_ = line.split("\t")
        if _WORD.fullmatch(entry) and entry not in NEUTRAL_IN_SERVICE and entry not in exclude:
            words[entry] = float(rating)
    return words
