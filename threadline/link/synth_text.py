"""Sentence banks and text assembly for the linker's synthetic population. Deliberately non-explicit.

The wording is the neutral vocabulary of real ads and of the indicator literature ("new in town",
"companionship", "appointment", "discreet") with no description of services. Sentences are built
from small word lists, so two independently written texts share words and stock phrases but rarely
whole sentences — as with real independent posters — while a network's template is one fixed choice
of sentences whose slots (name, city, phone, price) rotate.
"""

from __future__ import annotations

import random

ADJ = [
    "sweet",
    "friendly",
    "classy",
    "discreet",
    "upscale",
    "relaxed",
    "elegant",
    "charming",
    "playful",
    "gentle",
    "warm",
    "fun",
    "outgoing",
    "easygoing",
    "sophisticated",
    "petite",
    "curvy",
    "tall",
    "bubbly",
    "caring",
    "attentive",
    "polished",
    "genuine",
    "mature",
    "youthful",
    "adventurous",
    "calm",
    "witty",
    "lovely",
    "radiant",
    "cheerful",
]
NOUN = ["companion", "lady", "girl", "hostess", "model", "date", "friend", "partner", "muse", "treat"]
ACTIVITY = [
    "dinner dates",
    "good conversation",
    "quiet evenings",
    "city walks",
    "business events",
    "weekend getaways",
    "coffee and chat",
    "wine tasting",
    "theatre nights",
    "relaxing company",
    "travel companionship",
    "long talks",
    "a quick visit",
    "late night company",
    "museum afternoons",
    "live music",
    "shopping trips",
    "lunch breaks",
]
WHEN = [
    "tonight",
    "all week",
    "this weekend",
    "today only",
    "until Sunday",
    "every evening",
    "24/7",
    "mornings and evenings",
    "for a short time",
    "by appointment",
]
DURATION = ["short", "half hour", "one hour", "two hour", "overnight", "extended", "quick", "relaxed"]
EXTRA_VERB = ["enjoy", "love", "adore", "prefer", "appreciate", "treasure", "value", "welcome", "like", "savour"]
EXTRA_OBJ = [
    "respectful gentlemen",
    "punctual clients",
    "good manners",
    "clean spaces",
    "fine wine",
    "deep conversation",
    "laughter",
    "a calm mood",
    "mutual respect",
    "honest people",
    "new faces",
    "regular friends",
    "soft music",
    "good food",
    "a warm shower",
    "fresh flowers",
    "polite texts",
    "kind words",
    "slow evenings",
    "sunny days",
]
FIRST_NAMES = [
    "Jessica",
    "Amber",
    "Brandy",
    "Crystal",
    "Destiny",
    "Diamond",
    "Ebony",
    "Faith",
    "Giselle",
    "Heaven",
    "Ivy",
    "Jade",
    "Kylie",
    "Lola",
    "Mia",
    "Nadia",
    "Paris",
    "Roxy",
    "Sasha",
    "Tiffany",
    "Valentina",
    "Vanessa",
    "Yasmin",
    "Zoe",
    "Bella",
    "Candy",
    "Daisy",
    "Eva",
    "Gigi",
    "Honey",
]
CITIES = [
    "Las Vegas",
    "Phoenix",
    "Houston",
    "Dallas",
    "Atlanta",
    "Miami",
    "Orlando",
    "Denver",
    "Seattle",
    "Portland",
    "Chicago",
    "Detroit",
    "Boston",
    "Newark",
    "Baltimore",
    "Charlotte",
    "Nashville",
    "Memphis",
    "Tucson",
    "Fresno",
    "Sacramento",
    "San Diego",
    "Tampa",
    "Austin",
    "El Paso",
    "Omaha",
    "Tulsa",
    "Reno",
    "Boise",
    "Albuquerque",
]

GREET = (
    "Hi gentlemen, I'm {name}.",
    "Hello there! My name is {name}.",
    "Hey, it's {name} :)",
    "Welcome, this is {name}.",
    "Good evening, I am {name}.",
    "Hi loves, {name} here for you.",
    "Hello boys, call me {name}.",
    "Greetings from {name}!",
)
LOCATION = (
    "New in town and visiting {city} {when}.",
    "Just arrived in {city}, staying {when}.",
    "Visiting {city} {when}, don't miss me.",
    "Now in {city} near the airport, {when}.",
    "Back in {city} {when} by popular demand.",
    "Traveling through {city}, available {when}.",
)
CONTACT = (
    "Call or text {phone}.",
    "Text me at {phone}, no blocked calls.",
    "Reach me on {phone} anytime.",
    "Appointments via text only: {phone}.",
    "Serious inquiries call {phone}.",
    "Book your appointment now {phone}.",
    "Message {phone} for details.",
    "Text {phone} with your name and time.",
)
RATES = (
    "{price} roses for a {duration} visit.",
    "Donations start at {price} per hour.",
    "Specials {when}: {price} for {duration} company.",
    "Rates from {price}, {duration} appointments.",
    "{duration} visits {price}.",
)
CLOSING = (
    "Serious gentlemen only.",
    "See you soon!",
    "Discretion assured.",
    "No law enforcement.",
    "Hygiene a must.",
    "Kisses.",
    "Don't be shy, I don't bite.",
    "Satisfaction is my priority.",
    "Respect my time and I will respect yours.",
    "Looking forward to meeting you.",
)


def about(rng: random.Random) -> str:
    a, b = rng.sample(ADJ, 2)
    return f"{a.capitalize()} and {b} {rng.choice(NOUN)} for {rng.choice(ACTIVITY)}."


def extra(rng: random.Random) -> str:
    a = rng.choice(ADJ)
    return f"I {rng.choice(EXTRA_VERB)} {rng.choice(EXTRA_OBJ)} and {a} {rng.choice(EXTRA_OBJ)}."


def skeleton(rng: random.Random) -> list[str]:
    """One poster's text as sentences with ``{name}``, ``{city}``, ``{phone}``, ``{price}`` slots."""
    when, duration = rng.choice(WHEN), rng.choice(DURATION)
    middle = [about(rng) for _ in range(rng.randint(2, 3))] + [extra(rng) for _ in range(rng.randint(2, 4))]
    middle.append(rng.choice(RATES).replace("{when}", when).replace("{duration}", duration))
    rng.shuffle(middle)
    return [
        rng.choice(GREET),
        rng.choice(LOCATION).replace("{when}", when),
        *middle,
        rng.choice(CONTACT),
        rng.choice(CLOSING),
    ]


def mutate(sentences: list[str], rng: random.Random, word_rate: float, drop_rate: float) -> list[str]:
    """A network worker's copy of the template: a dropped sentence now and then, a few swapped words."""
    out = [s for s in sentences if len(sentences) < 6 or rng.random() >= drop_rate]
    if word_rate <= 0:
        return out
    result = []
    for s in out:
        words = s.split(" ")
        for i, w in enumerate(words):
            if "{" not in w and rng.random() < word_rate:
                words[i] = rng.choice(ADJ)
        result.append(" ".join(words))
    return result


def fill(sentences: list[str], *, name: str, city: str, phone: str, price: str) -> str:
    text = " ".join(sentences)
    return text.replace("{name}", name).replace("{city}", city).replace("{phone}", phone).replace("{price}", price)


def phone_text(e164: str, rng: random.Random) -> str:
    """The way a poster writes a +1 number in the ad body."""
    d = e164[2:]
    style = rng.randrange(4)
    if style == 0:
        return f"{d[:3]}-{d[3:6]}-{d[6:]}"
    if style == 1:
        return f"({d[:3]}) {d[3:6]}-{d[6:]}"
    if style == 2:
        return f"{d[:3]}.{d[3:6]}.{d[6:]}"
    return d
