"""The words around a theme: openers, closers, sign-offs, emojis, names.

The theme statements themselves live in `themes.py`. Nothing here may mention a planted truth
(heating, the battery claim, descaling, Brightline): the truths must be findable in the theme
sentences only, so that an analysis that finds them finds the real signal.
"""

from __future__ import annotations

COMPANY = "Kestrel Home"
SOCIAL_HANDLE = "@KestrelHome"
COMPETITOR = "Brightline"

OPENERS: dict[str, tuple[str, ...]] = {
    "neg": (
        "Hi,",
        "Hello,",
        "To whom it may concern,",
        "Really disappointed.",
        "Not happy at all.",
        "I have to complain.",
        "Honestly?",
        "Ugh.",
        "Quick one:",
        "Sorry, but I need to say this.",
        "Fed up.",
        "Where do I start.",
        "Dear Kestrel team,",
        "Hi team,",
        "This is my second message about this.",
        "Good morning,",
    ),
    "pos": (
        "Hi!",
        "Just a quick note.",
        "Thank you!",
        "Hello team,",
        "Wow.",
        "Credit where it's due.",
        "Dear Kestrel team,",
        "Hi there,",
        "Had to share this.",
        "Good morning!",
    ),
    "neu": (
        "Hi,",
        "Hello,",
        "Quick feedback:",
        "FYI:",
        "Hi there,",
        "Some feedback for you.",
        "Good afternoon,",
        "Hello Kestrel,",
    ),
}

CLOSERS: dict[str, tuple[str, ...]] = {
    "neg": (
        "Please sort this out.",
        "Very disappointed.",
        "Not what I expect from Kestrel.",
        "I want an answer this week.",
        "Not impressed.",
        "This has cost us a lot of time.",
        "Really frustrating.",
        "Please call me back.",
        "I'm losing patience.",
        "Expecting a solution, not excuses.",
        "This is just not good enough.",
        "Waiting for your reply.",
        "Do better.",
        "I expected more for the money.",
    ),
    "pos": (
        "Thanks again!",
        "Keep it up.",
        "Great job.",
        "Very happy customer.",
        "Will recommend you.",
        "Five stars from me.",
        "Thank you so much.",
        "Brilliant.",
        "You made my week.",
        "Exactly how it should be.",
        "Much appreciated.",
        "Nothing but praise.",
        "Happy days.",
        "That's how you keep customers.",
    ),
    "neu": (
        "Thanks.",
        "Regards.",
        "Cheers.",
        "Let me know.",
        "Just my two cents.",
        "Thanks in advance.",
        "Kind regards.",
        "Have a good day.",
        "That's all.",
        "Curious what you think.",
        "Best wishes.",
        "Thanks for listening.",
    ),
}

EMOJIS: dict[str, tuple[str, ...]] = {
    "neg": ("😡", "😤", "🙄", "👎", "😞", "😠"),
    "pos": ("🙂", "👍", "🎉", "❤️", "🙌", "⭐⭐⭐⭐⭐", "😊"),
    "neu": ("🤔", "🙂", "🤷"),
}

HASHTAGS: dict[str, tuple[str, ...]] = {
    "neg": ("#fail", "#customerservice", "#notimpressed", "#kestrel"),
    "pos": ("#happycustomer", "#kestrel", "#greatservice", "#recommended"),
    "neu": ("#kestrel", "#question", "#appliances"),
}

# Context a customer gives before getting to the point.
CONTEXT: tuple[str, ...] = (
    "We've had the {product} for {months} months.",
    "This is about our {product}.",
    "We bought the {product} in {month}.",
    "We have {units} of your appliances at our place.",
    "Writing about order {order}.",
    "Our {category} is a {product}.",
    "Long-time customer here.",
    "First time I'm writing to you.",
    "My partner asked me to write this.",
    "Following up on my call from {weekday}.",
)

# A reference line under a ticket or e-mail.
REFERENCES: tuple[str, ...] = (
    "Order: {order}",
    "Ref. {ticket}",
    "(order {order})",
    "Serial: {serial}",
    "Customer number {customer_no}",
)

MONTHS: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip

SIGN_OFFS: tuple[str, ...] = (
    "Best, {first}",
    "— {first}",
    "Regards, {first} {last}",
    "{first}",
    "Thanks, {first}",
    "Kind regards,\n{first} {last}",
)

FORUM_TITLES: dict[str, tuple[str, ...]] = {
    "neg": ("Anyone else?", "Problem with mine", "Is it just me?", "Help needed", "Warning"),
    "pos": ("Happy owner", "Short review", "Tip for new owners", "Pleasantly surprised"),
    "neu": ("Question", "My experience so far", "Thoughts?", "Quick question"),
}

WEEKDAYS: tuple[str, ...] = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")

FIRST_NAMES: tuple[str, ...] = (
    "Emma", "Liam", "Olivia", "Noah", "Ava", "Lucas", "Mia", "Elias", "Sofia", "Leon",
    "Hannah", "Finn", "Lena", "Jonas", "Clara", "Milan", "Sara", "Ruben", "Julia", "Daan",
    "Anna", "Tom", "Laura", "Max", "Eva", "Sam", "Nora", "Ben", "Zoe", "Adam",
    "Isla", "Oscar", "Freya", "Hugo", "Alice", "Theo", "Maya", "Felix", "Ella", "Jan",
    "Lotte", "Marco", "Ines", "Pablo", "Amira", "Yusuf", "Chloe", "Niels", "Greta", "Omar",
    "Priya", "Ravi", "Mei", "Kenji", "Fatima", "Samir", "Ingrid", "Lars", "Aoife", "Ciaran",
    "Beatriz", "Diego", "Elena", "Matteo", "Giulia", "Pieter", "Sanne", "Tobias", "Mila", "Arjun",
)  # fmt: skip

LAST_NAMES: tuple[str, ...] = (
    "Smith", "Jansen", "Müller", "Bakker", "Murphy", "Rossi", "Dubois", "Novak", "Kowalski",
    "Visser", "Schmidt", "Martin", "Brown", "Wilson", "Peeters", "Hansen", "Berg", "Lindqvist",
    "O'Brien", "Walsh", "Fischer", "Weber", "Meyer", "De Vries", "Van Dijk", "Moreau", "Garcia",
    "Lopez", "Silva", "Costa", "Ferrari", "Romano", "Nowak", "Horvat", "Kovacs", "Nielsen",
    "Larsen", "Andersen", "Evans", "Taylor", "Clarke", "Hughes", "Patel", "Khan", "Ahmed",
    "Okafor", "Mensah", "Tanaka", "Chen", "Wong", "Kaur", "Singh", "Byrne", "Kelly", "Lambert",
    "Fontaine", "Keller", "Brandt", "Vogel", "Sauer", "Mulder", "Smit", "Bos", "Dekker",
)  # fmt: skip

BUSINESS_FIRST: tuple[str, ...] = (
    "Harbor", "Alder", "Meridian", "Juniper", "Copper", "Northgate", "Bluebell", "Oakridge",
    "Silverline", "Riverside", "Granite", "Lantern", "Maple", "Orchard", "Beacon", "Cedar",
    "Foxglove", "Highland", "Kingfisher", "Larkspur", "Moorland", "Nettle", "Pinewood",
    "Quayside", "Redwood", "Saffron", "Thistle", "Upland", "Willow", "Yarrow", "Amber",
    "Birchwood", "Cobalt", "Driftwood", "Elmstead", "Fernhill", "Goldcrest", "Hawthorn",
    "Ironbridge", "Lakeside", "Marigold", "Oldmill", "Parkview", "Rosemary", "Stonegate",
)  # fmt: skip

BUSINESS_KINDS: tuple[str, ...] = (
    "Café", "Bistro", "Dental Practice", "Hotel", "Coworking", "Bakery", "Law Office",
    "Physio Clinic", "Hair Studio", "Kitchen & Bar", "Guesthouse", "Veterinary Clinic",
    "Architects", "Accountants", "Deli", "Coffee Roasters", "Brasserie", "Medical Centre",
    "Fitness Club", "Car Repairs", "Design Studio", "Pharmacy", "Bookshop & Café", "Hostel",
    "Day Nursery", "Insurance Brokers", "Property Group", "Logistics", "Canteen Services",
)  # fmt: skip

BUSINESS_SUFFIXES: tuple[str, ...] = ("", "", "", " Ltd", " BV", " GmbH", " & Co", " Group")

REGIONS: tuple[tuple[str, int], ...] = (
    ("north", 25),
    ("south", 20),
    ("east", 15),
    ("west", 25),
    ("central", 15),
)

LANGUAGES: tuple[tuple[str, int], ...] = (("en", 92), ("de", 3), ("nl", 3), ("fr", 2))
