"""How ads write identifiers: phones, emails, social handles and payment tags, obfuscated or not.

Posters dodge phone filters with number words (English and Spanish), "oh" for zero, letters for
digits, leetspeak, spaced digits, fullwidth and mathematical-bold digits and emoji keycaps. Each
function takes the true value and ``bits`` (a 64-bit integer from the composer's random stream) and
returns the written form; the truth file always keeps the true value. Taking ``bits`` rather than a
random generator keeps each spelling's draw count fixed, so an edit that swaps only the phone does
not change how the rest of the ad is worded.
"""

from __future__ import annotations

from threadline.simulate.lexicon import (
    BOLD_DIGITS,
    FULLWIDTH_DIGITS,
    KEYCAP,
    NUMBER_WORDS_EN,
    NUMBER_WORDS_ES,
    NUMBER_WORDS_LEET,
)

PLAIN_STYLES = ("dash", "paren", "dots", "spaces", "plain", "intl", "odd_sep")
OBFUSCATED_STYLES = (
    "spaced_digits",
    "dotted_digits",
    "words",
    "words_oh",
    "mixed",
    "letters",
    "leet",
    "fullwidth",
    "bold",
    "keycap",
    "half_words",
)
SPANISH_STYLES = ("words_es", "mixed_es")
PHONE_STYLES = PLAIN_STYLES + OBFUSCATED_STYLES + SPANISH_STYLES

_FW = str.maketrans("0123456789", FULLWIDTH_DIGITS)
_BOLD = str.maketrans("0123456789", BOLD_DIGITS)


def _words(digits: str, table: tuple[str, ...]) -> str:
    return " ".join(table[ord(ch) - 48] for ch in digits)


def _mixed(digits: str, bits: int, table: tuple[str, ...]) -> str:
    groups = (digits[:3], digits[3:6], digits[6:])
    out = []
    i = 0
    for group in groups:
        tokens = []
        for ch in group:
            # One bit per digit decides word or digit; tokens are glued together within a group.
            tokens.append(table[ord(ch) - 48] if (bits >> i) & 1 else ch)
            i += 1
        out.append("".join(tokens))
    return " ".join(out)


# The part of ``bits`` each style reads (all others read none): a poster writes the same few
# numbers in every ad, so spellings are kept by (number, style, what the style reads of the bits).
_BITS_READ = {"paren": 1, "letters": 1, "keycap": 1, "intl": 3, "mixed": 1023, "mixed_es": 1023}
_spelled: dict[tuple[str, str, int], str] = {}


def phone_text(digits: str, style: str, bits: int) -> str:
    """Write the ten-digit NANP number ``digits`` in ``style``."""
    key = (digits, style, bits % 5 if style == "odd_sep" else bits & _BITS_READ.get(style, 0))
    text = _spelled.get(key)
    if text is None:
        if len(_spelled) >= 1 << 16:
            _spelled.clear()
        text = _spelled[key] = _phone_text(digits, style, bits)
    return text


def _phone_text(digits: str, style: str, bits: int) -> str:
    a, b, c = digits[:3], digits[3:6], digits[6:]
    if style == "dash":
        return f"{a}-{b}-{c}"
    if style == "paren":
        return f"({a}) {b}-{c}" if bits & 1 else f"({a}){b}-{c}"
    if style == "dots":
        return f"{a}.{b}.{c}"
    if style == "spaces":
        return f"{a} {b} {c}"
    if style == "plain":
        return digits
    if style == "intl":
        return (f"+1 {a} {b} {c}", f"1-{a}-{b}-{c}", f"+1{digits}", f"+1 ({a}) {b}-{c}")[bits & 3]
    if style == "odd_sep":
        sep = "*~_/|"[bits % 5]
        return f"{a}{sep}{b}{sep}{c}"
    if style == "spaced_digits":
        return " ".join(digits)
    if style == "dotted_digits":
        return ".".join(digits)
    if style == "words":
        return _words(digits, NUMBER_WORDS_EN)
    if style == "words_oh":
        return _words(digits, NUMBER_WORDS_EN).replace("zero", "oh")
    if style == "words_es":
        return _words(digits, NUMBER_WORDS_ES)
    if style == "mixed":
        return _mixed(digits, bits, NUMBER_WORDS_EN)
    if style == "mixed_es":
        return _mixed(digits, bits, NUMBER_WORDS_ES)
    if style == "letters":
        one = "l" if bits & 1 else "I"
        return f"{a}-{b}-{c}".replace("0", "O").replace("1", one)
    if style == "leet":
        return _words(digits, NUMBER_WORDS_LEET)
    if style == "fullwidth":
        return f"{a}-{b}-{c}".translate(_FW)
    if style == "bold":
        return f"{a} {b} {c}".translate(_BOLD)
    if style == "keycap":
        sep = " " if bits & 1 else ""
        return sep.join("".join(ch + KEYCAP for ch in g) for g in (a, b, c))
    if style == "half_words":
        return f"{a} {_words(b, NUMBER_WORDS_EN)} {c}"
    raise ValueError(f"unknown phone style {style!r}")


def phone_box(digits: str) -> str:
    """The plain form a site prints in its own phone field."""
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"


def email_text(address: str, bits: int, *, spanish: bool = False) -> str:
    """``mia22@example.com`` written as posters do: plain or with at/dot words."""
    local, domain = address.split("@")
    name, tld = domain.rsplit(".", 1)
    style = bits % 7
    if spanish and style >= 4:
        return f"{local} arroba {name} punto {tld}"
    return (
        address,
        f"{local} at {name} dot {tld}",
        f"{local} (at) {name} (dot) {tld}",
        f"{local}[at]{name}[dot]{tld}",
        f"{local} @ {name} . {tld}",
        f"{local} AT {name} DOT {tld}",
        address,
    )[style]


def handle_text(service: str, value: str, bits: int) -> str:
    """A social handle as an ad writes it. ``value`` is the handle without '@' (E.164 for WhatsApp)."""
    k = bits & 3
    if service == "snapchat":
        return ("Snap: ", "SC: ", "snapchat - ", "\U0001f47b ")[k] + value
    if service == "instagram":
        return (f"IG: @{value}", f"Insta @{value}", f"instagram.com/{value}", f"IG {value}")[k]
    if service == "telegram":
        return (f"Telegram: @{value}", f"t.me/{value}", f"TG @{value}", f"telegram {value}")[k]
    if service == "kik":
        return (f"Kik: {value}", f"kik {value}", f"KIK @{value}", f"kik me: {value}")[k]
    if service == "twitter":
        return (f"Twitter: @{value}", f"x.com/{value}", f"follow me on X @{value}", f"twitter.com/{value}")[k]
    if service == "onlyfans":
        return (f"onlyfans.com/{value}", f"OF: {value}", f"OnlyFans @{value}", f"onlyfans.com/{value}")[k]
    if service == "whatsapp":
        d = value[2:]
        return (
            f"WhatsApp: wa.me/1{d}",
            f"WhatsApp +1 {d[:3]} {d[3:6]} {d[6:]}",
            f"wa.me/1{d}",
            f"WhatsApp only: +1{d}",
        )[k]
    raise ValueError(f"unknown handle service {service!r}")


def payment_text(service: str, value: str, bits: int) -> str:
    """A payment tag: Cash App ``$tag`` or Venmo ``@name`` (``value`` is stored without the sigil)."""
    k = bits & 3
    if service == "cashapp":
        return (f"Cash App ${value}", f"CashApp: ${value}", f"cashapp ${value}", f"${value} on Cash App")[k]
    if service == "venmo":
        return (f"Venmo @{value}", f"venmo: @{value}", f"Venmo {value}", f"@{value} on Venmo")[k]
    raise ValueError(f"unknown payment service {service!r}")
