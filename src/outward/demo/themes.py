"""Phrase banks per theme: many ways to say one thing, with slots filled per item.

Slots: {product} {category} {lot} {order} {ticket} {days} {weeks} {months} {hours} {minutes}
{weekday} {tech} {agent} {amount} {percent}. `mood` (-1 very negative … +1 delighted) drives
the scores; `tone` picks openers and closers. The words that plant a truth are kept inside
their own theme: only DEFECT says "heat", only BATTERY_CLAIM says "battery", only DESCALING says
"descal", only COMPETITOR_THREATS name Brightline.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    key: str
    tone: str  # neg, pos, neu
    mood: float
    statements: tuple[str, ...]
    details: tuple[str, ...] = ()
    observations: tuple[str, ...] = ()  # a technician's words, for field observations


DEFECT = Theme(
    "defect_heating",
    "neg",
    -0.9,
    (
        "My {product} stopped heating after {weeks} weeks. The water comes out cold.",
        "The heating element in our {product} failed, it just doesn't heat up anymore.",
        "{product} from lot {lot} won't heat. The light flashes and the coffee is lukewarm.",
        "Second time this month the {product} has lost heat halfway through a shot.",
        "the heater on the {product} died, no heat at all since {weekday}",
        "Our {product} does not heat the water any more, clearly a faulty heating element.",
        "Bought the {product} {months} months ago and the heating element already gave up.",
        "It powers on, it pumps, but there is no heat. Everything comes out cold.",
        "We have several {product} units and two of them stopped heating this week.",
        "Heating failure on the {product}: it trips the fuse the moment it starts to heat.",
        "The {product} heats for a few seconds, then cuts out. Smells burnt near the heating "
        "element.",
        "Lukewarm drinks only: the {product} never gets up to heat anymore.",
        "Is there a known problem with the heating element on the {product}? Ours just failed.",
        "heating element gone on our {product}, barely {months} months old!!",
    ),
    (
        "The serial number sticker says lot {lot}.",
        "Already tried switching it off and on, resetting, another socket.",
        "The display shows error E4.",
        "It is barely {months} months old.",
        "A colleague has the same fault on a unit from the same batch.",
        "We run a busy place, this costs us customers every morning.",
        "I read on the forum that others have the exact same problem.",
        "Please tell me whether this is a known fault with this batch.",
        "Is this covered by the warranty?",
        "I need a replacement, not a repair in {weeks} weeks.",
        "It happened overnight, it was fine the evening before.",
    ),
    (
        "Heating element of the {product} (lot {lot}) open circuit; replaced. Customer reports a "
        "neighbour with the same fault.",
        "Unit from lot {lot} not heating: element failed after {months} months of light use.",
        "Another {product} heating element failure from lot {lot}. Took the failed part back "
        "for analysis.",
    ),
)

BATTERY_CLAIM = Theme(
    "battery_claim",
    "neg",
    -0.55,
    (
        "Your ad says the battery lasts 3 days. Mine is flat after {hours} hours.",
        "Advertised: 'battery lasts 3 days'. Reality: it barely finishes the living room.",
        "The {product} was sold to us on the promise of 3 days of battery. We get one afternoon.",
        "Where are the 3 days of battery life from the advert? It needs charging every evening.",
        "The website claims the battery lasts three days on one charge. That is simply not true.",
        "I bought the {product} because the ad promised 3 days per charge. The battery lasts "
        "about {hours} hours.",
        "'Battery lasts 3 days', the commercial was very convincing, the product not so much.",
        "Your marketing said 3 days of cleaning on a single battery charge. We never got past "
        "one day.",
        "The battery claim in the advertisement (3 days!) is misleading.",
        "feels like false advertising, 3 days battery my foot, it dies before lunch",
        "The box and the ad both say the battery lasts 3 days. Ours needs the dock after "
        "{hours} hours.",
        "Three days of battery, the ad said. Try half a day.",
    ),
    (
        "It charges fully overnight, the dock works fine.",
        "We tried eco mode as suggested, it makes little difference.",
        "Our flat is not even big.",
        "If I had known, I would have bought a cheaper model.",
        "Please change the advert or tell people what to really expect.",
        "My neighbour has the same experience.",
        "It feels like the ad was written for another product.",
        "Otherwise it cleans well, it's just the running time.",
    ),
)

DESCALING = Theme(
    "descaling_misuse",
    "neg",
    -0.45,
    (
        "The manual for the {product} is really unclear about descaling. I used vinegar like on "
        "my old one and now it leaks.",
        "Step 4 of the descaling instructions makes no sense. Do I fill the tank before or after?",
        "Nowhere in the instructions does it say you must not descale the {product} with vinegar.",
        "I ran the descaling programme without the tablet because the picture in the manual "
        "looks like an empty tank.",
        "The descale light keeps blinking even though I followed the manual, I think.",
        "The instructions say 'descale regularly' but not how, or with what.",
        "Confusing manual: the descaling section and the quick guide contradict each other.",
        "We descaled the {product} the way the booklet shows and the steam now smells of "
        "chemicals.",
        "how do you descale this thing?? the manual is just pictures",
        "Had to find a video to understand the descaling steps, the manual is useless.",
        "I poured the descaler into the wrong compartment because the diagram in the "
        "instructions is misleading.",
        "The descaling instructions are so vague that I did it wrong twice.",
    ),
    (
        "The quick start guide and the full manual show different tanks.",
        "There is no mention of the rinse cycle afterwards.",
        "My partner read it too and understood it differently.",
        "An error code appears since then.",
        "Please rewrite the instructions in plain words.",
        "The little drawing on page 12 is impossible to read.",
        "Nothing in the app explains it either.",
    ),
    (
        "Customer descaled the {product} with vinegar after reading the manual; door seal and "
        "steam generator show corrosion.",
        "Found descaler in the water tank instead of the descaling inlet. Customer says the "
        "manual diagram suggested it.",
        "Customer had skipped the rinse step after descaling: the instructions on page 12 are "
        "ambiguous. Explained the procedure.",
        "Another {product} descaled the wrong way. The descaling section of the manual needs a "
        "rewrite.",
        "Descaling programme had been run with an empty tank; customer followed the "
        "instructions literally.",
    ),
)

DELIVERY_DELAY = Theme(
    "delivery_delay",
    "neg",
    -0.7,
    (
        "The {product} was promised by {weekday}, still waiting.",
        "Order {order}: the delivery date moved for the third time. We were told {weeks} weeks "
        "lead time and now it's longer.",
        "We were promised delivery by {weekday} and nobody showed up.",
        "A lead time of {weeks} weeks for a {product}? That is not what sales told us.",
        "Still no delivery. Order {order} was placed {weeks} weeks ago.",
        "The delivery window was 8 to 12, the driver never came and nobody called.",
        "Missed delivery date again. I took a day off work for nothing.",
        "Promised by Friday, still waiting, and the tracking page hasn't changed in {days} days.",
        "The installation date has been pushed back {days} days without any explanation.",
        "It took {weeks} weeks to get our {product} delivered, far too long.",
        "Where is my order {order}? It was due {days} days ago.",
        "Delivery was late, again. {weeks} weeks of waiting for one appliance.",
        "still waiting for the delivery of my {product}... promised last {weekday}",
    ),
    (
        "The tracking link still says 'processing'.",
        "Customer service gives me a new date every time I call.",
        "We had cleared the kitchen for the installation.",
        "We had to rent a replacement in the meantime.",
        "A text message the day before would have helped.",
        "Our old one is already gone, so we are without.",
        "I have called {days} times about this.",
    ),
)

DELIVERY_GOOD = Theme(
    "delivery_good",
    "pos",
    0.6,
    (
        "The {product} arrived a day earlier than promised.",
        "Delivery was on time and the drivers took the old one away.",
        "Smooth delivery, they even called 30 minutes ahead.",
        "Order {order} arrived on the promised date, well packed.",
        "Delivered and installed within the week. Impressive.",
        "the delivery guys were quick and careful, no complaints",
    ),
    ("They put it exactly where we wanted it.", "The packaging was all taken away."),
)

FIELD_PRAISE = Theme(
    "field_praise",
    "pos",
    0.95,
    (
        "The technician, {tech}, was brilliant: fixed our {product} in twenty minutes and "
        "explained everything.",
        "{tech} from your field service was punctual, friendly and knew exactly what to do.",
        "Fantastic service visit. The engineer arrived on time and left the kitchen spotless.",
        "Your technician went above and beyond and checked all our appliances, not just the "
        "broken one.",
        "Best service visit I've had from any company. {tech} is a star.",
        "The repair was quick and {tech} showed me how to avoid the problem in future.",
        "The technician called ahead, arrived in the slot and repaired the {product} first time.",
        "Really impressed by the field service team, professional and patient.",
        "{tech} stayed late to finish the repair so we could open in the morning. Thank you!",
        "the engineer knew the {product} inside out, sorted in no time",
        "Excellent on-site service, the technician even gave us maintenance tips.",
        "Top marks for the service engineer: friendly, tidy, fixed it on the first visit.",
    ),
    (
        "Please pass on our thanks.",
        "The right part was in the van, no second visit needed.",
        "What had gone wrong was explained in plain language.",
        "Worth every cent of the service contract.",
        "We will ask for {tech} again.",
        "This is why we stay with you.",
    ),
    (
        "Routine service on the {product}, all checks passed. Customer very pleased.",
        "Replaced the door hinge of the {product}; customer asked for the same technician next "
        "time.",
        "Visit completed within the slot. Showed the customer how to clean the filters.",
    ),
)

FIELD_OK = Theme(
    "field_ok",
    "neu",
    0.35,
    (
        "The visit went fine, the technician replaced the part.",
        "Repair done, it took a bit longer than planned.",
        "The engineer came, checked the {product}, found nothing wrong.",
        "Service visit ok, although the time slot was a bit wide.",
    ),
)

SUPPORT_SLOW = Theme(
    "support_slow",
    "neg",
    -0.7,
    (
        "I waited {minutes} minutes on hold and then got cut off.",
        "Nobody from support called back, even though it was promised twice.",
        "I had to explain the problem three times to three different agents.",
        "My ticket has been open for {days} days without a single real answer.",
        "Support keeps sending copy-paste answers that don't address my question.",
        "The agent was short with me and ended the call.",
        "I raised a ticket about my {product} {days} days ago, still no reply.",
        "Your help desk closes tickets without solving them.",
        "Chat support just sends links to the FAQ.",
        "It took {days} days to get a reply and the reply was wrong.",
        "support promised a call back 'within 24 hours'. that was last week.",
        "Every time I call support I start from zero, nobody reads the ticket history.",
    ),
    (
        "Ticket number {ticket}.",
        "I'm a paying customer, this is not acceptable.",
        "Every time I call I get a different answer.",
        "I just want someone to own the problem.",
        "Your phone line is always busy.",
    ),
)

SUPPORT_GOOD = Theme(
    "support_good",
    "pos",
    0.75,
    (
        "{agent} on the help desk sorted my problem in one call.",
        "Quick and friendly support, my question about the {product} was answered within the hour.",
        "The agent listened, understood the issue and followed up the next day as promised.",
        "Support fixed the app pairing problem with the {product} in ten minutes.",
        "I was worried it would take ages, but support had an answer the same afternoon.",
        "Support was great, {agent} walked me through the settings step by step.",
        "Fast answer to my ticket and it actually solved the problem.",
        "very helpful person on the phone, thank you {agent}",
        "{agent} from support called back exactly when promised. Problem solved.",
    ),
    (
        "I didn't have to repeat myself.",
        "I even got an email with a summary.",
        "Much better than I expected.",
    ),
)

BILLING_ERROR = Theme(
    "billing_error",
    "neg",
    -0.6,
    (
        "I was charged twice for the same invoice.",
        "The invoice shows {amount} more than the quote.",
        "Still waiting for the refund of {amount}, promised {weeks} weeks ago.",
        "Your billing system sent us a reminder for an invoice we already paid.",
        "The direct debit was taken on the wrong date and our account went overdrawn.",
        "Why is there a service fee of {amount} on my bill? Nobody mentioned it.",
        "The credit note never arrived and now we're being chased for payment.",
    ),
    (
        "Order {order}.",
        "I've attached the bank statement.",
        "Please fix this and confirm in writing.",
        "This is the second time.",
    ),
)

BILLING_OK = Theme(
    "billing_ok",
    "pos",
    0.45,
    (
        "The invoice was clear and the payment went through without issues.",
        "The refund arrived quickly, thanks.",
        "Switching to monthly payments was easy.",
        "Billing question answered the same day.",
        "Paying by invoice works smoothly for our accounts team.",
        "Got a clear breakdown of the service fee when I asked.",
        "The new invoice layout is much easier to read.",
    ),
)

PRODUCT_LOVE = Theme(
    "product_love",
    "pos",
    0.8,
    (
        "We love the {product}. It's quiet and does exactly what it should.",
        "The {product} has been running every day for {months} months without a hiccup.",
        "Best {category} we've ever owned.",
        "The build quality of the {product} is excellent.",
        "The {product} makes our mornings so much easier.",
        "Really happy with the {product}, would buy again.",
        "our staff fight over who gets to use the {product} 😄",
        "Great design, easy to clean, reliable.",
        "the {product} is a game changer for our small kitchen",
        "Six stars if I could. The {product} is a joy to use.",
    ),
    (
        "Recommended it to my sister.",
        "Worth the price.",
        "The app works well too.",
        "Our guests notice the difference.",
    ),
)

GENERAL_OK = Theme(
    "general_ok",
    "neu",
    0.25,
    (
        "The {product} does the job. Nothing special.",
        "Works fine so far, a bit louder than expected.",
        "It's OK. The app could be better.",
        "A decent {category}, the price is a bit high for what it is.",
        "No complaints, no surprises.",
        "Fine product, though the water tank is small.",
        "Does what it should, mostly.",
        "The {product} is fine. The display is hard to read in daylight.",
        "Solid enough. Cleaning the {product} takes longer than I'd like.",
        "It works. Not sure it was worth the upgrade from our old {category}.",
    ),
    ("We'll see how it holds up.", "The manual was fine for the basics."),
)

FEATURE_REQUEST = Theme(
    "feature_request",
    "neu",
    0.3,
    (
        "It would be great if the {product} app had a schedule function.",
        "Please add a timer to the {product}.",
        "Could you make the water tank bigger on the next model?",
        "I wish the {product} had a quieter night mode.",
        "Any plans to sell spare parts online?",
        "Suggestion: let us export usage statistics from the app.",
    ),
    ("Otherwise very happy.", "Just an idea."),
)

ONBOARDING_GOOD = Theme(
    "onboarding_good",
    "pos",
    0.6,
    (
        "Setup was easy and the onboarding call was really helpful.",
        "{agent} from onboarding trained our staff in an hour. Everyone uses the {product} "
        "confidently now.",
        "The welcome pack and the video guide made the first week painless.",
        "Great onboarding session, all our questions answered.",
        "The trainer adapted the session to our kitchen, very practical.",
        "Onboarding was well organised: a call, a checklist and a follow-up a week later.",
        "{agent} set everything up with us and checked in after the first week.",
        "The getting-started video for the {product} is clear and short.",
    ),
)

ONBOARDING_MEH = Theme(
    "onboarding_meh",
    "neg",
    -0.3,
    (
        "Installation went ok but the onboarding call was rushed.",
        "Nobody told us about registering the warranty during onboarding.",
        "We had to schedule the training twice because the trainer didn't show.",
    ),
)

SALES_GOOD = Theme(
    "sales_good",
    "pos",
    0.55,
    (
        "The sales rep took the time to understand what we needed.",
        "Clear quote, no pressure, a good demo of the {product}.",
        "The demo in the showroom convinced us.",
        "The sales team answered every question about the {product} honestly.",
        "Good advice from sales: we ended up with the right model for our space.",
        "Quick quote, fair price, friendly people.",
    ),
)

SALES_BAD = Theme(
    "sales_bad",
    "neg",
    -0.4,
    (
        "The salesperson promised a discount that never appeared on the quote.",
        "Too many follow-up calls from sales after I said no.",
        "The quote took {weeks} weeks to arrive.",
    ),
)

MARKETING_GENERAL = Theme(
    "marketing_general",
    "neu",
    0.2,
    (
        "Saw your new campaign, nice to see real customers in it.",
        "Your newsletter is too frequent, three emails a week is a lot.",
        "The product comparison on the website helped a lot when choosing the {product}.",
        "Love the recipes in your newsletter!",
        "The how-to videos on your website are really good.",
        "Your ads are everywhere lately, a bit much.",
        "Nice to see you at the home show this year.",
        "The loyalty discount email was a pleasant surprise.",
        "The spring promotion was confusing: which models were included?",
    ),
)

RENEWAL_OK = Theme(
    "renewal_ok",
    "pos",
    0.5,
    (
        "Renewal was easy, same price as last year.",
        "We renewed the service plan for another year, happy with it.",
        "The renewal reminder came in good time and the new terms are clear.",
        "Upgraded our plan at renewal, the account manager explained the options well.",
        "Smooth renewal, the paperwork took five minutes.",
        "Happy to stay another year, the service plan has paid for itself.",
    ),
)

RENEWAL_PRICE = Theme(
    "renewal_price",
    "neg",
    -0.4,
    (
        "The service contract renewal went up by {percent}% with no explanation.",
        "The renewal price is too high for what we use.",
        "I don't see why I should renew the maintenance plan at this price.",
        "Nobody reminded us the contract would renew automatically at a higher rate.",
    ),
)

COMPETITOR_THREATS: tuple[str, ...] = (
    "Brightline offered us {percent}% off and a free service plan. Give me a reason to stay.",
    "We are switching to Brightline at the end of the contract.",
    "Honestly, Brightline is looking better every day.",
    "If this isn't fixed by next week we're moving to Brightline.",
    "Brightline would have replaced the unit on the spot.",
    "Already got a quote from Brightline. Cheaper and faster delivery.",
    "After all this I'm going with Brightline. Please cancel my plan.",
    "Brightline's rep called us the same day. That's the difference.",
    "Thinking about switching to Brightline, their support actually answers.",
    "A friend switched to Brightline last year and hasn't looked back.",
)

ROUTINE_OBSERVATIONS: tuple[str, ...] = (
    "Annual maintenance on the {product}; filters cleaned, firmware updated.",
    "Installed the {product}; customer shown the basic settings.",
    "Checked the {product} after a noise complaint; loose panel fixed.",
    "Replaced a worn gasket on the {product}. No further issues found.",
)

# Touchpoint slug -> (theme, weight) for the background voice of customers.
BACKGROUND: dict[str, tuple[tuple[Theme, int], ...]] = {
    "marketing": ((MARKETING_GENERAL, 8), (PRODUCT_LOVE, 1)),
    "sales": ((SALES_GOOD, 6), (SALES_BAD, 3)),
    "onboarding": ((ONBOARDING_GOOD, 6), (ONBOARDING_MEH, 3)),
    "delivery": ((DELIVERY_DELAY, 6), (DELIVERY_GOOD, 4)),
    "usage": ((PRODUCT_LOVE, 5), (GENERAL_OK, 5), (FEATURE_REQUEST, 3)),
    "support": ((SUPPORT_GOOD, 7), (SUPPORT_SLOW, 3)),
    "billing": ((BILLING_OK, 5), (BILLING_ERROR, 4)),
    "field-service": ((FIELD_PRAISE, 17), (FIELD_OK, 3)),
    "renewal": ((RENEWAL_OK, 6), (RENEWAL_PRICE, 3)),
}

# The struggling desk's customers meet slow support far more often (truth 8).
STRUGGLING_DESK_SUPPORT: tuple[tuple[Theme, int], ...] = ((SUPPORT_GOOD, 3), (SUPPORT_SLOW, 7))

# What a churning customer complains about in the months before leaving: (theme, touchpoint).
CHURN_THEMES: tuple[tuple[Theme, str, int], ...] = (
    (DELIVERY_DELAY, "delivery", 4),
    (SUPPORT_SLOW, "support", 4),
    (BILLING_ERROR, "billing", 2),
    (RENEWAL_PRICE, "renewal", 2),
)
