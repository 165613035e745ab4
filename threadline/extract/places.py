"""Places: cities named in the text, the ad's location field, and the home city of each phone's area
code, all resolved against the packaged gazetteer (with coordinates).

The matcher is built once (``lru_cache``) as a dict from token n-grams ("las", "vegas") to cities;
a text is only searched for the first words of names whose every word it contains, then a few dict
look-ups decide, whatever the number of cities. City names that are also words, ad vocabulary
or first names ("Mobile", "Reading", "Paradise", "Charlotte") need a region after them
("Mobile, AL") or a place word before them ("visiting Charlotte"); other names need a capital
letter or such a context, and small towns named without either are not trusted
(``MIN_BARE_POPULATION``). Word lists for reading regions, nicknames and risky names come first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from threadline.extract.normalize import Doc, Phrases, occurrences, phrases, triggers, wordset
from threadline.extract.records import Found, Place
from threadline.gazetteer import City, fold, load_gazetteer

KIND = "places"

US_STATES = {
    "alabama": "AL", "alaska": "AK", "arizona": "AZ", "arkansas": "AR", "california": "CA",
    "colorado": "CO", "connecticut": "CT", "delaware": "DE", "district of columbia": "DC",
    "florida": "FL", "georgia": "GA", "hawaii": "HI", "idaho": "ID", "illinois": "IL",
    "indiana": "IN", "iowa": "IA", "kansas": "KS", "kentucky": "KY", "louisiana": "LA",
    "maine": "ME", "maryland": "MD", "massachusetts": "MA", "michigan": "MI", "minnesota": "MN",
    "mississippi": "MS", "missouri": "MO", "montana": "MT", "nebraska": "NE", "nevada": "NV",
    "new hampshire": "NH", "new jersey": "NJ", "new mexico": "NM", "new york": "NY",
    "north carolina": "NC", "north dakota": "ND", "ohio": "OH", "oklahoma": "OK", "oregon": "OR",
    "pennsylvania": "PA", "rhode island": "RI", "south carolina": "SC", "south dakota": "SD",
    "tennessee": "TN", "texas": "TX", "utah": "UT", "vermont": "VT", "virginia": "VA",
    "washington": "WA", "west virginia": "WV", "wisconsin": "WI", "wyoming": "WY",
}  # fmt: skip
CA_PROVINCES = {
    "alberta": "AB", "british columbia": "BC", "manitoba": "MB", "new brunswick": "NB",
    "newfoundland": "NL", "nova scotia": "NS", "ontario": "ON", "prince edward island": "PE",
    "quebec": "QC", "saskatchewan": "SK", "yukon": "YT", "northwest territories": "NT",
    "nunavut": "NU",
}  # fmt: skip
REGION_NAMES = {**US_STATES, **CA_PROVINCES}
REGION_CODES = frozenset(REGION_NAMES.values())

# Nicknames ads use for big cities -> (gazetteer name, region).
ALIASES = {
    ("vegas",): ("Las Vegas", "NV"), ("nyc",): ("New York City", "NY"),
    ("new", "york"): ("New York City", "NY"), ("philly",): ("Philadelphia", "PA"),
    ("nola",): ("New Orleans", "LA"), ("atl",): ("Atlanta", "GA"), ("dc",): ("Washington", "DC"),
    ("chi", "town"): ("Chicago", "IL"), ("htown",): ("Houston", "TX"),
    ("okc",): ("Oklahoma City", "OK"),
    ("slc",): ("Salt Lake City", "UT"), ("montreal",): ("Montréal", "QC"),
}  # fmt: skip
# Words an abbreviation in a city name may be written as, both ways round.
ABBREVIATIONS = {"saint": "st", "st": "saint", "fort": "ft", "ft": "fort", "mount": "mt", "mt": "mount"}

# City names that are also everyday words, ad vocabulary or first names: they count only with a
# region after them ("Mobile, AL") or a place context before them ("visiting Charlotte").
AMBIGUOUS = wordset("""
    airport alliance alice allen alma aloha amber anthem annex apex arcadia athens aurora
    avon badger bay bear bell belle bend beverly bethany blaine boone brandon brant brent brick
    bristol bryan bryant buckeye burke cabot caldwell camden campbell carey carmel carson cary
    celina centennial central ceres chandler charlotte chelsea cheshire chester clay clayton clinton
    clive colonia columbia commerce concord confederation converse conway coram corinth cornwall
    crystal cypress damascus davis delta derby donna douglas dover dublin duncan eagle eden
    elizabeth enterprise erie estelle eugene eureka evans everett evergreen fairview florence foley
    fountain franklin frederick gary georgetown gilbert gillette golden graham granger green griffin
    hamilton hampton harrison harvey hastings hays helena hercules highland hillside holiday holland
    hollis holt hope hopkins howard hudson hull humble hurricane imperial independence jackson
    jamaica jasper jupiter katy kent keystone kyle lafayette laurel lawrence lawson layton liberal
    liberty lima linda lincoln lindsay logan london lynn madison magna marina marion marshall mason
    melbourne mentor mercedes midway milton mission mitchell mobile monroe moore murphy murray mustang
    naples newport normal norman ontario opportunity orange orchards oxford ozark pace palmer
    paradise paramount paris parker parole pearl perry plantation plum prosper quincy
    reading republic roosevelt rome roy salem sandy savage savannah seaside selma shelby
    sherman shirley sidney socorro sparks sparta spring sterling stuart summit sunrise sunset
    superior surprise sydney sycamore taylor temple terrace tracy troy tucker tyler union
    university uptown valencia venice victoria vienna vincent vineyard vista walker walnut warren
    washington wayne whitney wilson winchester wright york zion zachary chinatown koreatown downtown
    kingston hollywood phoenix regina
    """)
# Multi-word names that read as ordinary phrases.
AMBIGUOUS_PHRASES = frozenset({("sweet", "home"), ("grand", "prairie"), ("north", "bay"), ("white", "plains")})

# Words before a name that make it a place: "in Reno", "visiting Mobile, AL", "outcall to Reno".
CONTEXT_BEFORE = (
    "in", "visiting", "near", "around", "en", "from", "to", "serving", "downtown", "touring",
    "arrived", "arriving", "located", "area", "heading", "outcall", "incall", "city", "of",
)
MIN_BARE_POPULATION = 100_000  # a capitalised name with no context must be a real city
MAX_WORDS = 4

_SPLIT = re.compile(r"[a-z0-9]+")
_NEXT = re.compile(r"[ \t.'’\-]{1,3}([A-Za-z][A-Za-z0-9]*+)")
_REGION_AFTER = re.compile(r"[ \t]{0,2},?[ \t]{0,2}(?:([A-Z]{2})(?![A-Za-z])|([A-Za-z]+(?:[ \t][A-Za-z]+){0,2}))")
_CONTEXT = re.compile(r"(?<![a-z])(?:" + "|".join(CONTEXT_BEFORE) + r")[ \t]{1,3}\Z")
_CONTEXT_ENDS = frozenset(word[-1] for word in CONTEXT_BEFORE)


def _after_context_word(low: str, start: int) -> bool:
    """False when _CONTEXT cannot end at ``start``: it needs a space or tab just before it, and
    before those the last letter of a context word (a line start or a comma rules it out)."""
    pos = start - 1
    if pos < 0 or low[pos] not in " \t":
        return False
    while pos > 0 and low[pos - 1] in " \t":
        pos -= 1
    return pos > 0 and low[pos - 1] in _CONTEXT_ENDS


@dataclass(frozen=True, slots=True)
class _Matcher:
    index: dict[tuple[str, ...], tuple[City, ...]]
    first: Phrases  # first word -> the word sets of the names it starts ("new" -> {new, york}, ...)
    prefixes: frozenset[tuple[str, ...]]  # every proper prefix of a multi-word key


def _keys(name: str) -> list[tuple[str, ...]]:
    base = tuple(_SPLIT.findall(fold(name)))
    keys = [base]
    if base and base[0] in ABBREVIATIONS:
        keys.append((ABBREVIATIONS[base[0]], *base[1:]))
    return keys


@lru_cache(maxsize=1)
def matcher() -> _Matcher:
    """The n-gram index over every gazetteer city and nickname (built once per process)."""
    gaz = load_gazetteer()
    index: dict[tuple[str, ...], list[City]] = {}
    for city in gaz.cities:
        for key in _keys(city.name):
            if 0 < len(key) <= MAX_WORDS:
                index.setdefault(key, []).append(city)
    for key, (name, region) in ALIASES.items():
        alias = gaz.lookup(name, region)
        if alias is not None:
            index.setdefault(key, []).insert(0, alias)
    frozen = {k: tuple(sorted(v, key=lambda c: -c.population)) for k, v in index.items()}
    prefixes = frozenset(k[:n] for k in frozen for n in range(1, len(k)))
    return _Matcher(frozen, phrases(*frozen), prefixes)


def _fold(text: str) -> str:
    """``gazetteer.fold``, without the Unicode normalisation when the text is plain ASCII."""
    return text.casefold().strip() if text.isascii() else fold(text)


def _region_after(doc: Doc, end: int) -> tuple[str, int] | None:
    m = _REGION_AFTER.match(doc.text, end)
    if m is None:
        return None
    if m.group(1):  # two-letter codes only in capitals: "in", "or", "me", "hi" are words
        return (m.group(1), m.end(1)) if m.group(1) in REGION_CODES else None
    words = m.group(2).split()
    for n in range(len(words), 0, -1):  # "New Mexico" before "New"
        name = _fold(" ".join(words[:n]))
        if name in REGION_NAMES:
            return REGION_NAMES[name], m.start(2) + len(" ".join(words[:n]))
    return None


def _match_at(doc: Doc, start: int, first_end: int, context: bool) -> tuple[City, int, str] | None:
    """The longest city name starting at ``start``: (city, end of evidence, rule)."""
    m = matcher()
    tokens = [doc.lower[start:first_end]]
    ends = [first_end]
    while len(tokens) < MAX_WORDS and tuple(tokens) in m.prefixes:
        nxt = _NEXT.match(doc.text, ends[-1])
        if nxt is None:
            break
        tokens.append(nxt.group(1).lower())
        ends.append(nxt.end())
    for n in range(len(tokens), 0, -1):
        key = tuple(tokens[:n])
        cities = m.index.get(key)
        if not cities:
            continue
        region = _region_after(doc, ends[n - 1])
        if region is not None:
            city = next((c for c in cities if c.region == region[0]), None)
            if city is not None:
                return city, region[1], "place:text:city+region"
        written = doc.text[start : ends[n - 1]]
        capitalised = written[0].isupper()
        risky = (n == 1 and key[0] in AMBIGUOUS) or key in AMBIGUOUS_PHRASES
        if risky and not (context and capitalised):
            return None
        if context:
            return cities[0], ends[n - 1], "place:text:context"
        if capitalised and cities[0].population >= MIN_BARE_POPULATION:
            return cities[0], ends[n - 1], "place:text:name"
        return None
    return None


def _place(city: City, raw: str, start: int | None, end: int | None, rule: str, source: str) -> Place:
    return Place(
        city.label, raw, start, end, rule, city.name, city.region, city.country, city.geonameid,
        city.latitude, city.longitude, source,
    )  # fmt: skip


def _starts(doc: Doc) -> dict[int, int]:
    """Start -> end of every whole-word occurrence of a city's first word, for the cities whose
    every word occurs somewhere in the text ("new" is looked for only if "york" or "orleans"... is)."""
    low = doc.lower
    return {pos: pos + len(word) for word in triggers(doc, matcher().first) for pos in occurrences(low, word)}


def _from_text(doc: Doc) -> list[Place]:
    low = doc.lower
    starts = _starts(doc)
    out: list[Place] = []
    floor = 0
    for start in sorted(starts):
        if start < floor:
            continue
        context = _after_context_word(low, start) and _CONTEXT.search(low, max(0, start - 16), start) is not None
        if not (context or doc.text[start].isupper()):
            continue
        hit = _match_at(doc, start, starts[start], context)
        if hit is not None:
            city, end, rule = hit
            raw, s, e = doc.raw(start, end)
            out.append(_place(city, raw, s, e, rule, "text"))
            floor = end
    return out


@lru_cache(maxsize=8192)
def resolve(location: str) -> City | None:
    """The city a free-text location field names ("Las Vegas, NV", "las vegas", "Reno NV")."""
    gaz = load_gazetteer()
    parts = [p.strip() for p in location.split(",") if p.strip()]
    if not parts:
        return None
    region = None
    if len(parts) > 1:
        second = fold(parts[1])
        region = REGION_NAMES.get(second) or (second.upper() if second.upper() in REGION_CODES else None)
    words = _SPLIT.findall(fold(parts[0]))
    if region is None and len(words) > 1 and words[-1].upper() in REGION_CODES:
        region, words = words[-1].upper(), words[:-1]
    for n in range(min(len(words), MAX_WORDS), 0, -1):
        cities = matcher().index.get(tuple(words[:n]))
        if cities:
            return next((c for c in cities if c.region == region), None) if region else cities[0]
    return gaz.lookup(parts[0], region)


@lru_cache(maxsize=8192)
def _location_place(location: str) -> Place | None:
    # Places are immutable, so ads sharing a location field (or a phone, below) share the record.
    city = resolve(location)
    return _place(city, location, None, None, "place:location", "location") if city is not None else None


@lru_cache(maxsize=16384)
def _area_code_place(value: str) -> Place | None:
    npa = value[2:5]
    city = load_gazetteer().by_area_code(npa)
    return _place(city, value, None, None, f"place:area_code:{npa}", "area_code") if city is not None else None


def find(doc: Doc, found: Found | None = None) -> list[Place]:
    out = _from_text(doc)
    if doc.location and doc.location.strip():
        place = _location_place(doc.location)
        if place is not None:
            out.append(place)
    seen: set[str] = set()
    for phone in found.phones if found else ():
        if not phone.value.startswith("+1") or phone.value in seen:
            continue
        seen.add(phone.value)
        place = _area_code_place(phone.value)
        if place is not None:
            out.append(place)
    return out


def normalise(raw: str) -> str | None:
    city = resolve(raw)
    return city.label if city else None


def validate(value: str) -> bool:
    name, _, region = value.rpartition(", ")
    return load_gazetteer().lookup(name, region) is not None
