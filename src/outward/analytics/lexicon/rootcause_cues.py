"""Cue phrases for root-cause categories: a regular expression and a weight per cue.

Written for this project from general knowledge of complaint language. Each pattern is
matched case-insensitively on cleaned text (apostrophes folded to "'"); `_GAP` allows a few
words between the parts of a two-part cue ("promised ... but"), within one text (no NUL).

`ANCHORS` gives, for each cue, the words every match of its regular expression starts with
(the syntax is `cuescan.CueScanner`'s): the scanner tries a cue only where one occurs. When
you edit a pattern, edit its anchors too; tests/analytics/test_rootcause.py checks them.
"""

from __future__ import annotations

_GAP = r"[^.!?\n\x00]{0,80}?"
# Not negated ("not friendly", "wasn't quick", "never helpful"): a praise word under a
# negation is a complaint.
_NOT_NEGATED = r"(?<!not )(?<!n't )(?<!never )(?<!not very )(?<!not so )"
# What comes right before "sorted", "resolved" or "fixed" when it is done, not requested.
_DONE = (
    "got", "got it", "got this", "got everything", "had it", "have", "has", "had", "was",
    "were", "been", "finally", "quickly", "promptly",
)  # fmt: skip

CUES: dict[str, dict[str, tuple[str, float]]] = {
    "expectation_gap": {
        "not as described": (r"not (?:as|what was) (?:described|advertised|pictured|shown)", 2.0),
        "not what I ordered": (r"not what i (?:ordered|paid for|expected)", 2.0),
        "advertised": (r"\badvertis(?:ed|ing|ement)\b", 1.5),
        "the ad said": (
            r"\b(?:the|your|their) (?:ad|advert|advertisement|commercial|marketing|website|site"
            r"|listing|description|box|packaging|brochure) (?:both )?(?:said|says|say|claims"
            r"|claimed|promised|promises|stated|states)\b",
            2.0,
        ),
        "sold on the promise": (
            r"\bsold (?:to (?:us|me) )?on the promise\b|\b(?:from|in) the advert(?:isement)?\b",
            2.0,
        ),
        "claims": (r"\bclaim(?:s|ed)? (?:to|that|it)\b", 1.5),
        "supposed to": (r"\bsupposed to\b", 1.0),
        "promised but": (rf"\bpromis(?:e|ed|es)\b{_GAP}\bbut\b", 1.5),
        "looks nothing like": (r"\b(?:looks?|looked) nothing like\b", 2.0),
        "different from the picture": (
            r"\bdifferent (?:from|than) (?:the )?(?:picture|photo)",
            2.0,
        ),
        "misleading": (r"\bmislead(?:ing)?\b|\bmisled\b|\bfalse advertising\b", 2.0),
        "expected more": (r"\bexpected (?:more|better)\b", 1.0),
        # Size and fit against what the size or the photo promised (apparel, furniture, ...).
        "runs large": (
            r"\bruns? (?:very |really |a bit |a little )?(?:large|big|small|tiny|huge)\b",
            2.0,
        ),
        "too big": (
            r"\b(?:too|way too|much too) (?:big|small|large|tight|loose|wide|boxy|baggy|short)\b",
            1.5,
        ),
        "didn't fit": (
            r"\b(?:doesn't|does not|didn't|did not) fit\b"
            r"|\b(?:odd|weird|strange|awkward|poor|bad|terrible|off) fit\b"
            r"|\bfit (?:is|was) (?:way )?(?:off|weird|odd|strange|awkward|terrible)\b",
            1.5,
        ),
        "on the model": (
            r"\bon the model\b|\bas (?:pictured|shown|depicted)\b|\bin the (?:picture|photo)s?\b",
            1.5,
        ),
        "see-through": (r"\bsee[- ]?(?:through|thru)\b|\bunflattering\b", 1.5),
    },
    "unclear_directions": {
        "manual": (r"\b(?:user )?manual\b", 1.5),
        "instructions": (r"\binstructions?\b", 1.5),
        "confusing": (r"\bconfus(?:ing|ed)\b", 1.5),
        "didn't know how": (r"\b(?:didn't|did not|don't|do not) know how\b", 2.0),
        "wasn't clear": (r"\b(?:wasn't|was not|isn't|is not|not) clear\b|\bunclear\b", 1.5),
        "figured out": (r"\bfigur(?:e|ed|ing) (?:it )?out\b", 1.0),
        "how to use": (r"\bhow to (?:use|set ?up|install|assemble)\b", 1.5),
        "no explanation": (r"\bno (?:explanation|guidance|documentation)\b", 1.5),
        # A customer asking how to do something did not find out how: the directions failed
        # them. Light: any other cue in the same text outweighs it.
        "how do I": (
            r"\bhow (?:do|can|would|should) (?:i|we)\b|\bwhat do i (?:have|need) to\b"
            r"|\bwhere (?:can|do) i\b|\bis there a way to\b",
            1.0,
        ),
    },
    "process_failure": {
        "still waiting": (r"\bstill (?:waiting|no|not|haven't|hasn't)\b", 2.0),
        # A duration counts only as a wait ("waited 3 weeks"), not as how long someone has
        # owned something ("we've had it for 11 months").
        "weeks": (
            r"\b(?:waited|waiting|took|takes|taking|delayed|overdue|lead time of)"
            r" (?:for )?(?:over |almost |nearly |about )?"
            r"(?:\d+|two|three|four|five|six|several|many) (?:days|weeks|months)\b",
            1.5,
        ),
        "promised by": (r"\bpromised (?:by|for|on|within)\b", 2.0),
        "was told": (r"\b(?:i was|we were|was|been) told\b", 1.5),
        "transferred": (r"\btransferr(?:ed|ing)\b|\bpassed (?:around|between)\b", 2.0),
        "nobody called back": (
            r"\b(?:nobody|no one|never) (?:called|got|get|rang|wrote|emailed) (?:me )?back\b",
            2.5,
        ),
        "delivery date": (
            r"\bdelivery date\b|\bmissed (?:the )?(?:deadline|date|appointment)\b",
            2.0,
        ),
        # "late payment" and "late fee" are about money owed, not about waiting.
        "delayed": (
            r"\bdelay(?:ed|s)?\b|\blate\b(?! (?:payments?|fees?|charges?)\b)"
            r"|\bnever (?:arrived|came|showed)\b",
            1.5,
        ),
        "on hold": (r"\bon hold\b|\bhung up\b", 1.5),
        "third time": (r"\b(?:second|third|fourth|fifth|\d+(?:st|nd|rd|th)) time\b", 1.5),
        "no response": (r"\bno (?:response|reply|answer|update)\b", 2.0),
        "another department": (r"\b(?:another|other|different) department\b", 2.0),
        "lost my order": (r"\blost (?:my|the) (?:order|parcel|package|paperwork|file)\b", 2.0),
        "pending": (r"\bpending\b|\bnot (?:yet )?(?:reflected|showing|credited)\b", 1.5),
        "declined": (
            r"\bdeclined\b|\brejected\b|\bfailed\b|\bdidn't go through\b"
            r"|\b(?:hasn't|has not|haven't|have not) (?:went|gone|come) through\b",
            1.5,
        ),
        "hasn't arrived": (
            r"\b(?:hasn't|has not|haven't|have not|still not|never|not) (?:arrived|received"
            r"|come|shown up)\b|\byet to (?:receive|arrive)\b",
            2.0,
        ),
    },
    "product_defect": {
        "broken": (r"\bbroke(?:n)?\b|\bcracked\b|\bshattered\b", 2.0),
        "stopped working": (r"\b(?:stopped|doesn't|does not|didn't|won't) work(?:ing)?\b", 2.0),
        "defective": (r"\bdefect(?:ive|s)?\b|\bfaulty\b|\bmalfunction(?:ed|ing)?\b", 2.5),
        "fell apart": (r"\b(?:fell|falling|came) apart\b|\bripped\b|\btore\b|\btorn\b", 2.0),
        "leaks": (r"\bleak(?:s|ed|ing)?\b", 2.0),
        "poor quality": (r"\b(?:poor|bad|low|cheap) quality\b|\bcheaply made\b", 1.5),
        "hole": (r"\bholes?\b|\bunravel(?:l?ed|l?ing)?\b|\bpill(?:ed|ing)\b", 1.5),
        "damaged": (r"\bdamaged?\b|\bdent(?:ed)?\b|\bscratch(?:ed|es)\b", 1.5),
        "error message": (
            r"\berror(?: message| code)?\b|\bcrash(?:es|ed|ing)?\b|\bbug(?:gy)?\b",
            1.5,
        ),
        "shrank": (r"\bshr(?:a|u)nk\b|\bfaded\b", 1.5),
        "no heat": (
            r"\b(?:stopped|stops|not|never|isn't|won't|doesn't|didn't) heat(?:s|ing)?\b"
            r"|\bno (?:heat|hot water)\b|\bheating (?:element|failure|fault)\b"
            r"|\blukewarm\b|\boverheat(?:s|ed|ing)?\b",
            2.0,
        ),
        "died": (r"\bdied\b|\bdead on arrival\b", 2.0),
        "not working": (
            r"\b(?:not|isn't|wasn't|aren't|stopped) working\b|\bnothing happens\b"
            r"|\b(?:doesn't|does not|didn't|won't|can't|cannot) (?:play|load|open|download"
            r"|connect|sync|start)\b|\bkeeps? (?:crashing|stopping|skipping|freezing)\b"
            r"|\bglitch(?:es|y)?\b|\bfreez(?:es|ing)\b|\bdoes nothing\b|\bdisappear(?:ed|s|ing)\b"
            r"|\b(?:still|keeps?) loading\b",
            1.5,
        ),
        "fraying": (
            r"\bfray(?:ed|ing|s)?\b|\bthread ?bare\b|\bpoorly made\b"
            r"|\bpoor (?:craftsmanship|craftmanship|construction)\b|\blost (?:its|all|the) shape\b"
            r"|\bstitching\b",
            2.0,
        ),
        "electrical fault": (
            r"\btrips? the (?:fuse|breaker)\b|\b(?:blew|blows|blown) (?:a |the )?fuse\b"
            r"|\bsparks?\b|\bsmok(?:e|ing)\b|\bburning smell\b",
            2.0,
        ),
    },
    "people_attitude": {
        "rude": (r"\brude(?:ly|ness)?\b|\bimpolite\b|\barrogant\b|\bcondescending\b", 2.5),
        "unhelpful": (r"\bunhelpful\b|\bnot (?:very |at all )?helpful\b|\buseless staff\b", 2.0),
        "didn't listen": (r"\b(?:didn't|did not|wouldn't|would not|don't) listen\b", 2.0),
        "attitude": (r"\b(?:bad |poor |terrible )?attitude\b|\bdismissive\b", 2.0),
        "hung up on me": (r"\bhung up on me\b|\byelled\b|\bshouted\b", 2.5),
        "didn't care": (r"\b(?:didn't|did not|doesn't|don't) (?:seem to )?care\b", 2.0),
        "unprofessional": (r"\bunprofessional\b|\bincompetent\b|\bclueless\b", 2.0),
    },
    "price_billing": {
        "charged twice": (r"\b(?:charged|billed) (?:me )?(?:twice|two times|double)\b", 2.5),
        # Not "statement": in complaints it is mostly a credit report's or a bank's, and the
        # complaint is then about reporting or the account, not about what was billed.
        "invoice": (r"\binvoices?\b|\bbill(?:ing|ed)?\b", 1.5),
        "refund": (r"\brefund(?:s|ed)?\b|\bmoney back\b", 1.5),
        "overpriced": (
            r"\boverpriced\b|\btoo expensive\b|\bpric(?:ey|y)\b|\bripoff\b|\brip off\b",
            2.0,
        ),
        "fee": (r"\bfees?\b|\bsurcharge\b|\bhidden (?:charge|cost)s?\b", 2.0),
        "overcharged": (r"\bovercharg(?:ed|ing)\b|\bwrong (?:amount|price)\b", 2.5),
        "subscription": (r"\bsubscription\b|\bdirect debit\b|\bauto-?renew", 1.0),
        "exchange rate": (r"\bexchange rates?\b", 1.5),
        "duplicate payment": (
            r"\bduplicate (?:payments?|charges?|transactions?)\b|\bmultiple of the same\b"
            r"|\b(?:charge|payment|transaction) (?:that )?i (?:didn't|did not|never)"
            r" (?:make|do|made)\b"
            r"|\bweird (?:payment|charge)\b|\b(?:random|extra|unknown) (?:fee|charge|payment)s?\b",
            2.0,
        ),
    },
    "praise": {
        # Light, and never the politeness formulas that close a complaint ("Thank you for your
        # time", "Thanks in advance"): any complaint cue outweighs a thank-you.
        "thank you": (
            r"\bthank(?:s| you)\b(?! (?:in advance|for (?:your|any) (?:time|attention"
            r"|consideration|assistance|cooperation)|for (?:looking|reading|listening)))",
            0.5,
        ),
        "went above and beyond": (r"\babove and beyond\b|\bout of (?:her|his|their) way\b", 3.0),
        "helpful": (rf"{_NOT_NEGATED}\b(?:very |so |really |extremely )?helpful\b", 1.5),
        # "kind" only of people: "kind of" is a hedge or a question ("what kind of service is
        # this"), "the foil kind" a sort.
        "friendly": (
            rf"{_NOT_NEGATED}(?:\bfriendly\b|\bcourteous\b|\bpolite\b"
            r"|\b(?:so|very|really|extremely|was|were|is|are) kind\b(?! of\b))",
            1.5,
        ),
        # Done, not asked for: "I need this resolved" and "please get it sorted" are requests.
        # The outcome word starts the match (a rare anchor); what came before it is checked
        # by fixed-width look-behinds, so the scanner never stops at every "was" or "have".
        "sorted it out": (
            r"(?:"
            + "|".join(f"(?<=\\b{done} )" for done in _DONE)
            + r")(?<!not been )(?<!n't been )(?<!never been )"
            r"(?:sorted(?: out)?|resolved|fixed)\b"
            rf"|{_NOT_NEGATED}(?<!to )(?<!please )\bfixed (?:it|the)\b",
            1.5,
        ),
        "excellent service": (r"\b(?:excellent|great|amazing|fantastic|superb) service\b", 2.5),
        # Not a wish ("I wanted to love this top", "I would love it if someone called back").
        "love it": (
            r"(?<!would )(?<!'d )(?<!to )\blove (?:it|this|them)\b(?! if\b)"
            r"|\bhighly recommend",
            1.5,
        ),
        "quick": (
            rf"{_NOT_NEGATED}\b(?:quick|fast|prompt) (?:response|reply|delivery|service)\b",
            1.5,
        ),
        # Gratitude and delight that complaints rarely hold (adjectives such as "gorgeous" or
        # "perfect" are left out: "gorgeous colour, but it runs huge" is common in complaints).
        "amazing": (
            rf"{_NOT_NEGATED}\b(?:awesome|appreciated?|compliments)\b|\bso glad\b",
            1.0,
        ),
    },
}
"""Category -> cue label -> (regular expression, weight)."""

ANCHORS: dict[str, str] = {
    # expectation_gap
    "not as described": "*not as/what",
    "not what I ordered": "*not what",
    "advertised": "advertised/advertising/advertisement",
    "the ad said": (
        "the/your/their ad/advert/advertisement/commercial/marketing/website/site/listing"
        "/description/box/packaging/brochure"
    ),
    "sold on the promise": "sold to/on|from/in the",
    "claims": "claim/claims/claimed",
    "supposed to": "supposed to",
    "promised but": "promise/promised/promises",
    "looks nothing like": "look/looks/looked nothing",
    "different from the picture": "different from/than",
    "misleading": "mislead/misleading/misled|false advertising",
    "expected more": "expected more/better",
    "runs large": "run/runs",
    "too big": "too/way/much",
    "didn't fit": (
        "doesn/didn t|does/did not|odd/weird/strange/awkward/poor/bad/terrible/off fit|fit is/was"
    ),
    "on the model": "on the|as pictured/shown/depicted|in the",
    "see-through": "see*|unflattering",
    # unclear_directions
    "manual": "user manual|manual",
    "instructions": "instruction/instructions",
    "confusing": "confusing/confused",
    "didn't know how": "didn/don t|did/do not",
    "wasn't clear": "wasn/isn t|was/is not|not clear|unclear",
    "figured out": "figure/figured/figuring",
    "how to use": "how to",
    "no explanation": "no explanation/guidance/documentation",
    "how do I": "how do/can/would/should|what do|where can/do|is there",
    # process_failure
    "still waiting": "still waiting/no/not/haven/hasn",
    "weeks": "waited/waiting/took/takes/taking/delayed/overdue|lead time",
    "promised by": "promised by/for/on/within",
    "was told": "i was|we were|was/been told",
    "transferred": "transferred/transferring|passed around/between",
    "nobody called back": "nobody/never called/got/get/rang/wrote/emailed|no one",
    "delivery date": "delivery date|missed the/deadline/date/appointment",
    "delayed": "delay/delayed/delays/late|never arrived/came/showed",
    "on hold": "on hold|hung up",
    "third time": "second/third/fourth/fifth/# time",
    "no response": "no response/reply/answer/update",
    "another department": "another/other/different department",
    "lost my order": "lost my/the",
    "pending": "pending|not yet/reflected/showing/credited",
    "declined": "declined/rejected/failed|didn t|hasn/haven t|has/have not",
    "hasn't arrived": (
        "hasn/haven t|has/have/still not|never/not arrived/received/come/shown|yet to"
    ),
    # product_defect
    "broken": "broke/broken/cracked/shattered",
    "stopped working": "stopped work/working|doesn/didn/won t|does not",
    "defective": "defect/defective/defects/faulty/malfunction/malfunctioned/malfunctioning",
    "fell apart": "fell/falling/came apart|ripped/tore/torn",
    "leaks": "leak/leaks/leaked/leaking",
    "poor quality": "poor/bad/low/cheap quality|cheaply made",
    "hole": "hole/holes/unravel*/pilled/pilling",
    "damaged": "damage/damaged/dent/dented/scratched/scratches",
    "error message": "error/crash/crashes/crashed/crashing/bug/buggy",
    "shrank": "shrank/shrunk/faded",
    "no heat": (
        "stopped/stops/not/never heat/heats/heating|isn/won/doesn/didn t|no heat/hot"
        "|heating element/failure/fault|lukewarm|overheat*"
    ),
    "died": "died|dead on",
    "not working": (
        "not/isn/wasn/aren/stopped working|isn/wasn/aren t|nothing happens|doesn/didn/won/can t"
        "|does/did not|cannot|keep/keeps|glitch/glitches/glitchy/freezes/freezing"
        "|does nothing|disappeared/disappears/disappearing|still loading"
    ),
    "fraying": "fray/frayed/fraying/frays|thread*|poorly made|poor|lost its/all/the|stitching",
    "electrical fault": "trip/trips|blew/blows/blown|spark/sparks|smoke/smoking|burning smell",
    # people_attitude
    "rude": "rude/rudely/rudeness/impolite/arrogant/condescending",
    "unhelpful": "unhelpful|not very/at/helpful|useless staff",
    "didn't listen": "didn/wouldn/don t|did/would not",
    "attitude": "bad/poor/terrible attitude|attitude/dismissive",
    "hung up on me": "hung up|yelled/shouted",
    "didn't care": "didn/doesn/don t|did not",
    "unprofessional": "unprofessional/incompetent/clueless",
    # price_billing
    "charged twice": "charged/billed me/twice/two/double",
    "invoice": "invoice/invoices/bill/billing/billed",
    "refund": "refund/refunds/refunded|money back",
    "overpriced": "overpriced/pricey/pricy/ripoff|too expensive|rip off",
    "fee": "fee/fees/surcharge|hidden charge/cost/charges/costs",
    "overcharged": "overcharged/overcharging|wrong amount/price",
    "subscription": "subscription|direct debit|auto*",
    "exchange rate": "exchange rate/rates",
    "duplicate payment": (
        "duplicate payment/payments/charge/charges/transaction/transactions|multiple of"
        "|charge/payment/transaction that/i|weird payment/charge|random/extra/unknown"
    ),
    # praise
    "thank you": "thanks|thank you",
    "went above and beyond": "above and|out of",
    "helpful": "very/so/really/extremely helpful|helpful",
    "friendly": "friendly/courteous/polite|so/very/really/extremely/was/were/is/are kind",
    "sorted it out": "sorted/resolved/fixed",
    "excellent service": "excellent/great/amazing/fantastic/superb service",
    "love it": "love it/this/them|highly",
    "quick": "quick/fast/prompt response/reply/delivery/service",
    "amazing": ("awesome/appreciate/appreciated/compliments|so glad"),
}
"""Cue label -> anchor words (see the module docstring)."""
