"""Sentence banks for the ad texts, in English and Spanish. Deliberately non-explicit.

The wording is the neutral vocabulary of real ads and of the indicator literature ("new in town",
"available now", "discreet", "no law enforcement", "quick visit") with no description of sexual
services at all. Banks are keyed by (language, voice, slot); a poster's ``skeleton`` fixes which
alternative it habitually uses, so one poster's ads are near-duplicates while a rewording edit
moves to a neighbouring alternative.
"""

from __future__ import annotations

Bank = dict[str, tuple[str, ...]]

# First person: independents advertising themselves.
FIRST_EN: Bank = {
    "title": (
        "{name} - sweet and friendly - {age}",
        "Discreet companionship with {name}",
        "{name} available now",
        "Classy {name}, {age}, outcalls",
        "Sweet {name} - call {phone}",
        "Upscale companion {name} in {city}",
        "Let's meet - {name} {age}",
        "Girl next door {name}",
    ),
    "greet": (
        "Hi gentlemen, I'm {name}.",
        "Hello there! My name is {name}.",
        "Hey, it's {name} :)",
        "{name} here, thanks for stopping by.",
        "Hi, I'm {name}, sweet and friendly.",
    ),
    "about": (
        "Sweet, friendly and easygoing.",
        "Classy and discreet companion for dinner dates and good conversation.",
        "Upscale and relaxed, I love meeting new people.",
        "Friendly girl next door with a great smile.",
        "Fun, outgoing and always on time.",
        "Independent, discreet and respectful of your time.",
    ),
    "stats": (
        "{height}, {weight} lbs.",
        "I'm {height} with long {hair} hair.",
        "{height} / {weight} / {hair} hair",
    ),
    "age": ("{age} years old.", "Age {age}.", "{age}yo", "I'm {age}."),
    "avail": (
        "Available now for companionship.",
        "Available {hours}.",
        "Incalls and outcalls available.",
        "Outcalls only, {city} area.",
        "Appointments {hours}, same day ok.",
    ),
    "tour": (
        "Visiting {city} {from} - {until} only!",
        "New in town! In {city} until {until}.",
        "Just arrived in {city}, here until {until}.",
    ),
    "screen": (
        "Please be respectful and on time.",
        "Discreet and respectful gentlemen only.",
        "Serious inquiries only.",
    ),
    "no_le": ("No law enforcement.", "Screening required, no law enforcement.", "No LE please."),
    "contact": (
        "Call or text {phone}.",
        "Text only: {phone}",
        "Contact {phone} (no private numbers)",
        "{phone} - texts preferred",
        "Call me at {phone}",
    ),
}

# Third person: a controller advertising others (a trafficking indicator).
THIRD_EN: Bank = {
    "title": (
        "New girls in {city} - available 24/7",
        "{names} - new in town",
        "Sweet and friendly {names} {age}",
        "Ask for {name} - {phone}",
        "Available now: {names}",
        "{city} visitors this week - {names}",
    ),
    "greet": (
        "{names} - just arrived in {city}.",
        "Sweet and friendly girls available now.",
        "Ask for {names}.",
        "New in {city}: {names}.",
        "{names} available for companionship today.",
    ),
    "about": (
        "Sweet, friendly and discreet.",
        "Easygoing and eager to meet you.",
        "Will make your day better.",
        "Friendly girls, relaxed atmosphere.",
        "Classy and on time, every time.",
    ),
    "youth": ("Young and new to this.", "Fresh face, just started.", "Very young and new in town."),
    "age": ("{name} {age}", "{name} is {age}", "{name} ({age})"),
    "avail": (
        "In-call only, {hours}.",
        "Available 24/7.",
        "Quick visits available.",
        "Outcalls to hotels only.",
        "Open {hours}, walk-ins ok.",
    ),
    "new_in_town": ("New in town.", "Out of town girls.", "Here this week only."),
    "no_le": ("No law enforcement.", "No police, no games.", "No LE."),
    "cash_only": ("Cash only.", "Cash only, no checks.", "Cash."),
    "contact": (
        "Call {phone} ask for {name}",
        "Text {phone}",
        "Call or text {phone} now",
        "{phone} call now",
    ),
    "two_phones": ("Call {phone} or {phone2}", "{phone} / {phone2}", "Text {phone}, backup {phone2}"),
}

FIRST_ES: Bank = {
    "title": (
        "{name} - latina dulce y discreta - {age}",
        "Nueva en {city}! {name}",
        "{name} disponible ahora",
        "Linda latina {name}, {age} años",
        "{name} te espera - {phone}",
    ),
    "greet": ("Hola caballeros, soy {name}.", "Hola amor, me llamo {name}.", "Soy {name}, latina amable."),
    "about": ("Dulce, amable y discreta.", "Me encanta conocer gente nueva.", "Latina alegre y puntual."),
    "stats": ("Mido {height}, pelo {hair}.", "{height}, pelo {hair}."),
    "age": ("{age} años.", "Tengo {age} años.", "Edad {age}."),
    "avail": (
        "Disponible ahora.",
        "Disponible {hours}.",
        "Citas en mi lugar o a domicilio.",
        "Atiendo {hours}, previa cita.",
    ),
    "tour": ("De visita en {city} del {from} al {until}.", "Nueva en {city}, solo hasta el {until}."),
    "screen": ("Solo caballeros respetuosos.", "Seriedad y puntualidad."),
    "no_le": ("No policía.", "Nada de policías."),
    "contact": ("Llama o manda texto al {phone}", "Solo texto: {phone}", "Llámame al {phone}"),
}

THIRD_ES: Bank = {
    "title": (
        "Chicas nuevas en {city}",
        "{names} - recién llegadas",
        "Latinas disponibles 24/7 - {names}",
        "Pregunta por {name} - {phone}",
    ),
    "greet": (
        "Recién llegadas a {city}: {names}.",
        "Pregunta por {names}.",
        "Chicas latinas disponibles hoy.",
    ),
    "about": (
        "Amables, discretas y puntuales.",
        "Ambiente tranquilo y discreto.",
        "Muy cariñosas y alegres.",
    ),
    "youth": ("Jovencita y nueva en esto.", "Jovencita recién llegada."),
    "age": ("{name} {age} años", "{name} de {age}"),
    "avail": ("Disponibles 24/7.", "Servicio rápido disponible.", "Abierto {hours}."),
    "new_in_town": ("Nuevas en la ciudad.", "Solo esta semana."),
    "no_le": ("No policía.", "Nada de policías."),
    "cash_only": ("Solo efectivo.",),
    "contact": ("Llama al {phone} y pregunta por {name}", "Texto al {phone}", "Llama ya {phone}"),
    "two_phones": ("Llama al {phone} o al {phone2}", "{phone} / {phone2}"),
}

BANKS: dict[tuple[str, bool], Bank] = {
    ("en", False): FIRST_EN,
    ("en", True): THIRD_EN,
    ("es", False): FIRST_ES,
    ("es", True): THIRD_ES,
}

# The order slots appear in, per template; skeleton[0] picks one. Optional slots are skipped
# when the poster or the version has nothing to say there.
ORDERS_FIRST = (
    ("greet", "about", "stats", "age", "avail", "rates", "screen", "contact", "socials", "pay", "email"),
    ("greet", "age", "about", "contact", "rates", "avail", "socials", "email", "pay", "screen"),
    ("about", "greet", "avail", "contact", "pay", "screen", "rates", "stats", "socials", "email"),
)
ORDERS_THIRD = (
    ("greet", "youth", "age", "about", "avail", "rates", "new_in_town", "no_le", "cash_only", "contact"),
    ("greet", "about", "age", "youth", "contact", "rates", "avail", "cash_only", "no_le", "new_in_town"),
    ("new_in_town", "greet", "age", "youth", "rates", "avail", "contact", "no_le", "about", "cash_only"),
)
SLOTS = ("title", "greet", "about", "stats", "age", "avail", "tour", "screen", "no_le", "contact", "youth",
         "new_in_town", "cash_only", "two_phones", "rates", "hours", "emoji")  # fmt: skip

HOURS = ("10am-2am", "noon to midnight", "24/7", "7pm-4am", "11am-11pm", "after 6pm")
HORAS = ("de 10am a 2am", "24/7", "de 7pm a 4am", "todo el día")
EMOJI = ("\u2728", "\U0001f339", "\U0001f495", "\u2b50", "\U0001f338", "\U0001f451")

SPA_HOURS = ("10am-10pm", "9:30am-11pm", "10am-midnight", "9am-9pm")
