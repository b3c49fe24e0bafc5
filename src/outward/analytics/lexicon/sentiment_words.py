"""Single-word sentiment lexicon: English words with a valence in [-4, 4].

Written for this project from general knowledge of customer-service and product-review
language (not  to any data set). Words are grouped by weight; a word appears once.
Inflections are listed explicitly because the scorer matches whole lowercase tokens.
"""

from __future__ import annotations

_GROUPS: dict[float, str] = {
    3.2: """
        love loved loving loves lovely adore adored adores amazing amazingly awesome
        excellent exceptional outstanding fantastic fabulous phenomenal superb wonderful
        wonderfully perfect perfectly perfection brilliant gorgeous stunning magnificent
        incredible incredibly spectacular flawless best delighted delightful thrilled
        ecstatic marvelous marvellous exquisite heavenly impeccable sublime terrific
        """,
    2.4: """
        beautiful beautifully great greatest superior happy happier happiest glad pleased
        impressed impressive pleasure enjoy enjoyed enjoying enjoys favorite favourite
        favorites favourites fun stylish elegant chic flattering flatters flatter recommend
        recommended recommending exceeded exceeds exceed fantastically fabulously grateful
        thankful thank thanks appreciate appreciated appreciative helpful professional
        friendly courteous kind kindly wow yay hooray wowed glowing gem compliments
        compliment complimented pretty cute adorable comfy comfortable comfortably cozy cosy
        soft luxurious luxury classy sexy sleek vibrant gorgeously reliable dependable
        efficient effortless seamless seamlessly smooth smoothly
        """,
    1.6: """
        good nice fine better works worked working fast quick quickly prompt promptly easy
        easily simple clean fresh solid sturdy durable quality valuable worth worthy
        pleasant pleasantly satisfied satisfying satisfactory satisfies warm warmly polite
        patient patiently responsive attentive caring considerate generous knowledgeable
        competent capable understanding supportive accommodating resolved resolve resolves
        fixed fixes solved solves sorted handled recommendable reasonable affordable bargain
        versatile flowy breathable lightweight classic timeless flattered fits
        figure-flattering slimming lengthening cheerful positive success successful successfully
        win winner wins bonus benefit benefits gentle lucky fair fairly clever smart neat
        tidy crisp vivid rich bright soothing refreshing relaxing calm secure safe safely
        trust trusted trustworthy honest honestly genuine genuinely accurate accurately
        correct correctly true upgrade improved improvement improve improves liked likes
        loveable welcoming
        """,
    0.8: """
        ok okay like well deal decent adequate acceptable alright cool interesting useful
        helpfully convenient convenience handy casual roomy forgiving stretchy drapes
        flowing feminine unique fun-loving staple keeper wearable washable hopeful hope
        hoping sure yes agree agreed agreeable steady consistent
        """,
    -0.8: """
        meh sorry apology charged fee fees average mediocre plain basic bland boring dull
        odd weird strange unusual confusing confused unclear complicated complex tricky
        awkward awkwardly slow slowly late later delay delayed delays wait waited waiting
        waits queue unsure doubt doubtful hesitant concern concerned concerns issue issues
        problem problems questionable wish wished hoped hopes sadly unfortunately
        unfortunate however lacking lacks lack lacked missing missed boxy baggy bulky stiff
        heavy thin thinner sheer shapeless oversized clingy bunchy bunches gaps gaping pulls
        puckers wrinkles wrinkled wrinkly creases fuzz fuzzy lint static exchange exchanged
        exchanging
        """,
    -1.6: """
        bad worse poor poorly disappoint disappointing disappointed disappoints
        disappointment unhappy sad upset annoyed annoying annoys irritated irritating
        frustrate frustrated frustrating frustration unpleasant uncomfortable unflattering
        cheap cheaply flimsy fragile itchy itches itch scratchy scratches rough stiffness
        see-through transparent frumpy dowdy matronly sloppy unwearable shrank shrunk
        shrinks shrinking pilled pilling pills faded fades fading stained stain stains
        ripped rips tear tears torn snag snagged snags hole holes unraveled unraveling
        unravel fraying frayed defect defective defects faulty flaw flaws flawed broke
        broken breaks breaking cracked crack leak leaks leaking leaked malfunction
        malfunctioned glitch glitches bug buggy crash crashed crashes crashing error errors
        fail fails failed failing failure wrong mistake mistakes incorrect inaccurate
        misleading mislead misled overpriced pricey expensive costly overcharged overcharge
        penalty complain complained complaining complaint complaints return returned
        returning returns refund refunds refunded unhelpful unresponsive unprofessional
        impatient ignored ignore ignoring neglected careless lazy incompetent clueless
        useless pointless unreliable inconsistent unacceptable inconvenient inconvenience
        hassle difficult difficulty hard harder struggle struggled struggling lost lose
        losing cancel cancelled canceled cancelling canceling unsubscribe regret regrets
        regretted worried worry worrying afraid scared nervous angry mad cross sick tired
        fed-up bothered bother ugh ugly unattractive hideous unusable outdated dirty smelly
        stinks stink smell odor odour noisy loud messy mess cramped stuck overdue apologize
        apologise apologized shame shameful embarrassing embarrassed bizarre ridiculous
        ridiculously silly unfit mismatched mislabeled mislabelled unbalanced weak weaker
        worn damn dammit darn fear fears feared fearful stupid dumb dumbest idiotic
        unfair unjust hopeless helpless desperate stress stressed stressful anxious anxiety
        panic upsetting denied refused refuses refusing blocked unauthorized unauthorised
        incorrectly wrongly mistakenly smh grr argh
        """,
    -2.4: """
        terrible terribly horrible horribly awful awfully dreadful poorest worst hate hated
        hates hating dislike disliked dislikes angered furious livid outraged outrageous
        appalled appalling shocking shocked disgusted disgusting disgrace disgraceful
        pathetic rude rudely rudeness arrogant condescending dismissive hostile nasty mean
        incompetence negligent negligence nightmare disaster disastrous miserable misery
        ruined ruin ruins junk garbage trash rubbish crap crappy lousy shoddy shabby subpar
        substandard inferior unbearable intolerable infuriating infuriated enraged betrayed
        cheated lied lie lies liar lying dishonest deceptive deceived deceiving
        misrepresented unusably worthless waste wasted wasting ripoff rip-off overrated
        avoid beware warning warn dangerous unsafe hazard toxic allergic rash burned burnt
        exploded abysmal atrocious sucks suck sucked sucky wtf ffs pissed screwed
        disrespectful insulting insulted threatening threatened harassed harassment
        """,
    -3.2: """
        horrendous horrific abominable despicable scam scams scammed scammer fraud
        fraudulent criminal thief thieves theft stole stolen robbery disgustingly hell
        hellish worst-ever unforgivable inexcusable despise despised loathe loathed vile
        fuming
        """,
}

WORDS: dict[str, float] = {
    word: weight for weight, block in _GROUPS.items() for word in block.split() if "-" not in word
}
"""Single-token sentiment words (hyphenated entries are phrases and live in the phrase module)."""

HYPHENATED: dict[str, float] = {
    word.replace("-", " "): weight
    for weight, block in _GROUPS.items()
    for word in block.split()
    if "-" in word and not word.endswith("-ly")
}
"""Hyphenated entries, read as the space-separated phrase the tokenizer sees."""
