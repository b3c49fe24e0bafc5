"""Competitor mentions: whole-word names and aliases, switching cues, NPS per competitor."""

import re

import numpy as np
import pytest

from outward.analytics.competitors import SWITCHING_CUES, Competitor, find_competitors

BRIGHTLINE = Competitor("Brightline")
ACME = Competitor("Acme", aliases=("Acme Energy", "ACM"))


def test_names_match_as_whole_words_case_insensitively() -> None:
    result = find_competitors(
        ["brightline was cheaper", "BRIGHTLINE's offer", "brightlines everywhere", "xbrightline"],
        [BRIGHTLINE],
    )

    assert result.competitors == (("Brightline",), ("Brightline",), (), ())


def test_aliases_count_for_the_competitor() -> None:
    result = find_competitors(["acm called me", "Acme   Energy rang"], [BRIGHTLINE, ACME])

    assert result.competitors == (("Acme",), ("Acme",))
    assert result.summary[1].mentions == 2
    assert result.summary[0].mentions == 0


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("I am switching to Brightline", "switching to"),
        ("I will cancel and go with someone else", "cancel and go with"),
        ("Time to take my business elsewhere", "taking my business"),
        ("Brightline offered me a better rate", "offered me"),
        ("It is cheaper at Acme", "cheaper at"),
        ("I'll go elsewhere", "go elsewhere"),
    ],
)
def test_switching_cues_flag_intent(text: str, cue: str) -> None:
    result = find_competitors([text], [BRIGHTLINE, ACME])

    assert bool(result.switching[0])
    assert result.switching_cue[0] == cue


def test_no_cue_means_no_switching_intent() -> None:
    result = find_competitors(["Brightline is a competitor", None], [BRIGHTLINE])

    assert result.switching.tolist() == [False, False]
    assert result.switching_cue == (None, None)
    assert result.switching_share == 0.0


def test_summary_gives_nps_and_mean_score_of_items_naming_each_competitor() -> None:
    texts = ["Brightline is better", "moving to Brightline", "Acme rang", "fine"]

    result = find_competitors(texts, [BRIGHTLINE, ACME], scores=[3, 10, None, 9])

    brightline, acme = result.summary
    assert brightline.mentions == 2
    assert brightline.share == pytest.approx(0.5)
    assert brightline.switching_mentions == 1
    assert brightline.nps == pytest.approx(0.0)
    assert brightline.mean_score == pytest.approx(6.5)
    assert acme.nps is None
    assert result.switching_share == pytest.approx(0.25)
    assert result.to_dict()["summary"][0]["name"] == "Brightline"


def test_scores_must_align_with_texts() -> None:
    with pytest.raises(ValueError, match="scores"):
        find_competitors(["a", "b"], [BRIGHTLINE], scores=np.array([1.0]))


def test_no_texts_give_an_empty_result() -> None:
    result = find_competitors([], [BRIGHTLINE])

    assert result.competitors == ()
    assert result.summary[0].mentions == 0


def _reference(texts: list[str], competitors: list[Competitor]) -> list[tuple[str, ...]]:
    """Names per text from one plain alternation of all names and cues (finditer)."""
    parts = []
    for competitor in competitors:
        names = sorted({competitor.name, *competitor.aliases}, key=len, reverse=True)
        alts = "|".join(r"\s+".join(map(re.escape, n.split())) for n in names)
        parts.append(rf"(?<![\w])(?:{alts})(?![\w])")
    parts += SWITCHING_CUES.values()
    pattern = re.compile("|".join(f"({p})" for p in parts), re.IGNORECASE)
    out = []
    for text in texts:
        found: list[str] = []
        for m in pattern.finditer(text):
            which = (m.lastindex or 1) - 1
            if which < len(competitors) and competitors[which].name not in found:
                found.append(competitors[which].name)
        out.append(tuple(found))
    return out


def test_names_of_any_spelling_match_as_one_alternation_would() -> None:
    # Given ASCII names with punctuation, a non-ASCII alias, and a name inside a switching cue
    competitors = [
        Competitor("J.Crew", ("J Crew",)),
        Competitor("H&M"),
        Competitor("Zara", ("Zará",)),
        Competitor("O'Neill"),
        Competitor("@Shop"),
        Competitor("Elsewhere"),
    ]
    texts = [
        "Bought at j.crew, J  Crew and h&m; H&Ms no",
        "ZARÁ and zara, zaras; O'NEILL's coat; ask @shop",
        "went elsewhere, Elsewhere is fine",
        "TİDAL no",
    ]

    # When competitors are found, then the names are those of one finditer per text
    assert list(find_competitors(texts, competitors).competitors) == _reference(texts, competitors)


def test_a_switching_cue_does_not_reach_into_the_next_text() -> None:
    result = find_competitors(["I will cancel", "and go with Acme"], [ACME])

    assert result.switching_cue == (None, None)
