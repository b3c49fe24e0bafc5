"""Multi-word sentiment phrases, customer-service idioms, emoji, emoticons and modifiers.

Written for this project from general knowledge of customer-service and product-review
language (not fitted to any data set). A phrase replaces the words it covers, so "not bad"
and "never again" are read as wholes rather than as a negator plus a word.
"""

from __future__ import annotations

from outward.analytics.lexicon.sentiment_words import HYPHENATED

_PHRASE_GROUPS: dict[float, str] = {
    3.2: """
        went above and beyond | above and beyond | fell in love | in love | highly recommend |
        highly recommended | could not be happier | couldn't be happier |
        can't recommend enough | cannot recommend enough | exceeded my expectations |
        exceeded expectations | love love love | best purchase | best service | five stars |
        5 stars | 10 out of 10 | ten out of ten | a must have | must have | made my day |
        blown away | so happy
        """,
    2.4: """
        sorted it out | sorted out | sorted it | fixed it | fixed the problem |
        solved the problem | resolved quickly | resolved it | quick response | fast response |
        quick reply | fast delivery | arrived early | arrived quickly | went out of her way |
        went out of his way | went out of their way | out of their way | true to size |
        fits perfectly | fits great | fits like a glove | fit perfectly | fit great |
        worth every penny | worth it | worth the money | well made | well worth |
        good quality | great quality | high quality | nice quality | great value | good value |
        great service | great customer service | excellent service | very helpful |
        so helpful | thank you | thanks so much | many thanks | no problems | no problem |
        no issues | no complaints | not disappointed | won't be disappointed |
        will not be disappointed | will buy again | would buy again | buy again |
        will order again | will be back | keep coming back | will definitely return |
        wear it all the time | get compliments | got compliments | lots of compliments |
        so many compliments | money well spent | a keeper | love it | love them | love this |
        loved it
        """,
    1.6: """
        not bad | not too bad | not terrible | not a problem | no complaint | pretty good |
        happy with | pleased with | satisfied with | as described | as advertised |
        as pictured | as expected | runs true | on time | in stock | easy to use |
        easy to wear | easy to return | easy return | easy returns | well done | good job |
        kept me informed | kept me updated | got back to me | called me back | followed up |
        follow up call | on point | spot on | dressed up or down | goes with everything
        """,
    -1.6: """
        too small | too big | too large | too tight | too loose | too short | too long |
        too wide | too boxy | too baggy | too low | too high | too thin | too sheer |
        too much | too heavy | too stiff | too expensive | too pricey | too bulky | too snug |
        runs small | runs large | runs big | ran small | ran large | way too | not flattering |
        not worth | not for me | not what i expected | not as expected | not as pictured |
        not as described | not as advertised | nothing like the picture |
        nothing like the photo | looks cheap | look cheap | feels cheap | felt cheap |
        cheap looking | cheaply made | poorly made | poor quality | low quality | bad quality |
        had high hopes | high hopes | wanted to love | wanted to like | really wanted to |
        wanted it to work | going back | went back | sent it back | send it back |
        sending it back | sent back | send back | had to return | will be returning |
        it's going back | back it goes | on hold | put on hold | no response | no reply |
        no answer | still waiting | still not | still no | still haven't | still hasn't |
        yet to receive | have not received | haven't received | never received |
        never arrived | never showed up | hasn't arrived | didn't arrive | did not arrive |
        third time | fourth time | second time i | several times | multiple times |
        again and again | no one got back | nobody got back | never got back | no one called |
        nobody called | never called back | never heard back | didn't call back |
        transferred again | kept transferring | hung up | cut off | charged twice |
        double charged | hidden fees | hidden fee | extra charge | fell apart | came apart |
        falling apart | stopped working | doesn't work | does not work | didn't work |
        did not work | don't work | won't work | not working | isn't working | wasn't working |
        out of stock | sold out | too bad | a shame | what a shame | looks like a tent |
        like a tent | like a sack | like a potato sack | maternity | pregnant | hospital gown |
        like pajamas | not impressed | unimpressed | waste of money | not happy | not good |
        not great
        """,
    -2.4: """
        waste of time | waste of money | never again | never buying again | never buy again |
        never ordering again | never use again | will never | cancel my subscription |
        cancel my account | cancel my order | cancelled my subscription | close my account |
        worst experience | worst customer service | worst service | terrible service |
        terrible customer service | poor service | poor customer service | bad service |
        bad customer service | customer service is a joke | total joke | a joke | no help |
        not helpful | not at all helpful | zero stars | 0 stars | one star | 1 star |
        do not buy | don't buy | do not recommend | don't recommend | would not recommend |
        wouldn't recommend | can't recommend | cannot recommend | not recommend | stay away |
        buyer beware | don't waste | do not waste | total waste | complete waste | rip off |
        ripped off | false advertising | bait and switch | fed up | sick of | sick and tired |
        had enough | last straw | run around | runaround | the worst | worst ever |
        made me feel stupid
        """,
}

PHRASES: dict[str, float] = {
    **HYPHENATED,
    **{
        phrase.strip(): weight
        for weight, block in _PHRASE_GROUPS.items()
        for phrase in block.split("|")
        if phrase.strip()
    },
}
"""Phrases of two to four tokens (a few single tokens too) with their valence in [-4, 4]."""

EMOJI: dict[str, float] = {
    **dict.fromkeys("😀😃😄😁😆😊☺🙂😇🥰😍🤩😘😻💯👌🎉🥳✨🌟⭐💖💕💗💓💞💘💝😎🤗🙏", 2.4),
    **dict.fromkeys("❤♥👍👏🙌💪✅😉😋😌", 2.0),
    **dict.fromkeys("😂🤣😅", 0.8),
    **dict.fromkeys("😐😑🤔🙄😬😕🫤", -1.0),
    **dict.fromkeys("🙁☹😞😟😔😢😥😓😩😫😒👎❌💔😤🤦🤬😠😡😭😱🤮🤢💩😖😣", -2.4),
}
"""Emoji (one code point each; a variation selector after it is ignored) with their valence."""

EMOTICONS: dict[str, float] = {
    ":)": 2.0,
    ":-)": 2.0,
    ":]": 2.0,
    ":d": 2.4,
    ":-d": 2.4,
    ";)": 1.6,
    ";-)": 1.6,
    "<3": 2.4,
    "=)": 2.0,
    ":p": 1.0,
    ":(": -2.0,
    ":-(": -2.0,
    ":[": -2.0,
    ":'(": -2.4,
    ":/": -1.0,
    ":-/": -1.0,
    ":|": -0.8,
    ">:(": -2.8,
    "=(": -2.0,
}
"""Emoticons (lowercase; ":D" is matched as ":d") with their valence."""

NEGATORS: frozenset[str] = frozenset(
    [
        "not",
        "no",
        "never",
        "none",
        "nobody",
        "nothing",
        "neither",
        "nor",
        "without",
        "cannot",
        "can't",
        "cant",
        "don't",
        "dont",
        "doesn't",
        "doesnt",
        "didn't",
        "didnt",
        "isn't",
        "isnt",
        "wasn't",
        "wasnt",
        "aren't",
        "arent",
        "weren't",
        "werent",
        "won't",
        "wouldn't",
        "wouldnt",
        "shouldn't",
        "shouldnt",
        "couldn't",
        "couldnt",
        "hasn't",
        "hasnt",
        "haven't",
        "havent",
        "hadn't",
        "hadnt",
        "ain't",
        "mustn't",
        "needn't",
        "hardly",
        "barely",
        "scarcely",
    ]
)
"""Tokens that negate the sentiment words in the next few tokens of the same clause."""

BOOSTERS: dict[str, float] = {
    **dict.fromkeys(
        [
            "very",
            "really",
            "so",
            "extremely",
            "incredibly",
            "super",
            "totally",
            "absolutely",
            "completely",
            "truly",
            "highly",
            "especially",
            "exceptionally",
            "particularly",
            "remarkably",
            "utterly",
            "thoroughly",
            "definitely",
            "deeply",
            "hugely",
            "immensely",
            "insanely",
            "ridiculously",
            "seriously",
            "terribly",
            "unbelievably",
            "entirely",
            "fully",
            "most",
            "purely",
            "quite",
            "sooo",
            "soooo",
        ],
        0.5,
    ),
    **dict.fromkeys(
        [
            "slightly",
            "somewhat",
            "barely",
            "hardly",
            "little",
            "bit",
            "kinda",
            "kind",
            "sort",
            "sorta",
            "rather",
            "fairly",
            "mildly",
            "marginally",
            "occasionally",
            "partly",
            "almost",
        ],
        -0.4,
    ),
}
"""Intensifiers (positive) and dampeners (negative) that scale the next sentiment word."""

CONTRASTS: frozenset[str] = frozenset(("but", "however"))
"""Words after which the sentence carries more weight than what came before them."""
