"""Prices with their time unit: "$150 hr", "200/hh", "80 qv", "150 roses", "hh 100 h 180".

Text is cut into money tokens ("$150", "150 roses"), unit tokens ("hr", "hh", "qv", "30 min",
"2 hrs", "overnight") and bare numbers. Tokens close together form a rate list, and each list is
paired in the order its first token sets: "hh 100 h 180" is unit-first, "100hh 180h" amount-first,
so a number is never paired with the wrong unit. A bare number is a price only when paired with a
unit; a money token is a price on its own. "Roses" and "donations" are the usual euphemisms for
dollars: they are read as the local dollar, hourly when no unit is given, and the rule says so.
A bare "$" is CAD for an ad placed in Canada (location field, else Canadian phones), USD otherwise.
Numbers inside phones and ages are skipped.
"""

from __future__ import annotations

import re

from threadline.extract.normalize import Doc, occurrences, prepare, wordset
from threadline.extract.places import resolve
from threadline.extract.records import Found, Price, SpanIndex

KIND = "prices"
OVERNIGHT_MINUTES = 720  # "overnight" is read as 12 hours

# Money: a currency sign before the amount, or a currency word after it.
# Both are tried only at a currency sign or word, found with str.find / Doc.words.
_SIGN_FIRST = re.compile(r"[$€£][ \t]?([0-9]{1,3}(?:,[0-9]{3})+|[0-9]{2,5})(?:\.[0-9]{2})?(?![0-9])")
_AMOUNT_FIRST = re.compile(r"(?<![0-9.])([0-9]{2,5})[ \t]?\Z")
_SIGNS = "$€£"
_NOT_A_RATE = re.compile(r"(?:fee|deposit|dep[oó]sito)[ \t]*(?:of|de)?[ \t]*:?[ \t]*\Z")
# Units are looked for only where a unit word occurs; what may stand just before the word decides
# its length ("2 hrs", "1/2 hr", "per hour", "all night").
_UNIT_AT = re.compile(
    r"(?:half[ \t]?(?:an[ \t])?(?:hours?|hrs?|h)|quick[ \t]?visit|hh|half|qv|rapidito|hours?|hrs?|h|horas?"
    r"|minutes?|mins?|overnight|ovn|night)(?![a-z])"
)
_UNIT_PREFIX = re.compile(
    r"(?:(?<![0-9.])(?P<n>[0-9]{1,3}(?:\.5)?)|(?<![a-z])(?:1/2|media|an?|per|la|por|over|all)|/)[ \t]?\Z"
)
_PREFIX_ENDS = frozenset("0123456789/anrl")  # the last characters _UNIT_PREFIX's forms can have
_MINIMUM = re.compile(r"[ \t]?(?:min|minimum)(?![a-z])")
_GAP = r"[ \t]{0,3}(?:[:=\-–—@|~>/]{1,2}|for|x)?[ \t]{0,3}"
_AMOUNT_BEFORE = re.compile(rf"(?<![0-9.:'#/$€£-])(?P<a>[0-9]{{2,4}}){_GAP}\Z")
_AMOUNT_AFTER = re.compile(rf"{_GAP}(?P<a>[0-9]{{2,4}})(?![0-9'%]|[.:,][0-9])")
_UNIT_WORDS = wordset(
    "hh half qv quick rapidito hour hours hr hrs h hora horas minute minutes min mins overnight ovn night"
)
_CURRENCY_WORDS = wordset("usd dollar dollars dolar dolares bucks rose roses donation donations eur euro euros gbp cad")
_CURRENCY = {
    # "$", the dollar words and the euphemisms ("roses") mean the local dollar (see _dollar).
    "$": "$", "dollar": "$", "dollars": "$", "dolar": "$", "dolares": "$", "bucks": "$", "rose": "$",
    "roses": "$", "donation": "$", "donations": "$", "usd": "USD", "€": "EUR", "eur": "EUR", "euro": "EUR",
    "euros": "EUR", "£": "GBP", "gbp": "GBP", "cad": "CAD",
}  # fmt: skip
_EUPHEMISM = {"rose": "roses", "roses": "roses", "donation": "donations", "donations": "donations"}
_WORDS = wordset("hr hrs hour hours h hh half qv quick min mins minute minutes overnight ovn night hora horas media "
    "roses rose donation donations usd dollars bucks eur euro euros gbp cad")
_PAIR_GAP = re.compile(r"[ \t]{0,3}(?:[:=\-–—@|~>/]{1,2}|for|x)?[ \t]{0,3}")
# A rate list runs on across spaces, slashes and bullets, and stops at commas, full stops and line
# ends, so "100 hh, h 180" reads as two lists with their own order.
_RUN_GAP = re.compile(r"(?:[^\w,;.!?\n]|_){0,12}")
_FIXED = {"hh": 30, "half": 30, "qv": 15, "quickvisit": 15, "rapidito": 15, "overnight": OVERNIGHT_MINUTES,
          "ovn": OVERNIGHT_MINUTES, "allnight": OVERNIGHT_MINUTES}  # fmt: skip


Token = tuple[int, int, str, int, str]  # (start, end, kind "money"/"unit"/"num", number, detail)


def _start_longest_first(tok: Token) -> tuple[int, int]:
    return tok[0], -tok[1]


def _may_prefix(low: str, pos: int) -> bool:
    """False when _UNIT_PREFIX cannot end at ``pos``: each of its forms, then at most one space or
    tab, ends in a digit, "/" or the last letter of one of its words (media, an, per, all...)."""
    last = pos - 1
    if last >= 0 and low[last] in " \t":
        last -= 1
    return last >= 0 and low[last] in _PREFIX_ENDS


def _units(doc: Doc) -> list[Token]:
    low = doc.lower
    out: list[Token] = []
    has_min = "min" in low  # _MINIMUM needs it
    for word in doc.words & _UNIT_WORDS:
        for pos in occurrences(low, word, letters_only=True):
            m = _UNIT_AT.match(low, pos)
            if m is None:
                continue
            unit, start = m.group(), pos
            minutes = _FIXED.get(unit.replace(" ", "").replace("\t", ""), 60)
            if unit.startswith("half"):
                minutes = 30
            pre = _UNIT_PREFIX.search(low, max(0, pos - 8), pos) if _may_prefix(low, pos) else None
            if pre is not None and pre.group("n"):
                n, hours = float(pre.group("n")), unit.startswith("h") and unit not in ("hh", "half")
                if (hours and n <= 12) or (unit.startswith("min") and 10 <= n <= 240):
                    minutes, start = int(n * 60 if hours else n), pre.start()
            elif pre is not None:
                word_before = pre.group().strip()
                if word_before in ("over", "all") and unit == "night":
                    minutes, start = OVERNIGHT_MINUTES, pre.start()
                elif word_before in ("1/2", "media") and unit.startswith("h"):
                    minutes, start = 30, pre.start()
                elif unit.startswith("h") and unit not in ("hh", "half"):
                    start = pre.start()  # "per hour", "an hour", "/hr"
            if (unit == "night" and start == pos) or (unit.startswith("min") and start == pos):
                continue  # a bare "night" or "min" is not a unit
            end = m.end()
            if minutes >= 60 and has_min and (minimum := _MINIMUM.match(low, end)) is not None:
                end = minimum.end()  # "2 hr min $500": the minimum booking is the priced unit
            out.append((start, end, "unit", minutes, low[start:end]))
    out.sort(key=_start_longest_first)
    kept: list[Token] = []
    for tok in out:  # "half hour" also contains the unit "hour": keep the longer reading
        if not kept or tok[0] >= kept[-1][1]:
            kept.append(tok)
    return kept


def _fee_words(low: str) -> list[int]:
    out = []
    for word in ("fee", "dep"):
        pos = low.find(word)
        while pos >= 0:
            out.append(pos)
            pos = low.find(word, pos + 1)
    return out


def _fee_before(fees: list[int], start: int) -> bool:
    """True when "fee" or "dep" starts in the 16 characters before ``start``: only then can
    _NOT_A_RATE, searched over that window, match (it starts with one of them)."""
    return any(start - 16 <= pos < start for pos in fees)


def _tokens(doc: Doc, taken: SpanIndex) -> list[Token]:
    """Money tokens, unit tokens and the bare numbers right next to a unit, in text order."""
    low = doc.lower
    toks: list[Token] = []
    for sign in _SIGNS:
        pos = low.find(sign)
        while pos >= 0:
            glued = pos > 0 and low[pos - 1].isdigit()
            m = None if glued else _SIGN_FIRST.match(low, pos)
            if m is not None:  # "$150"
                toks.append((pos, m.end(), "money", int(m.group(1).replace(",", "")), sign))
            elif (b := _AMOUNT_FIRST.search(low, max(0, pos - 6), pos)) is not None:  # "150$"
                toks.append((b.start(), pos + 1, "money", int(b.group(1)), sign))
            pos = low.find(sign, pos + 1)
    for word in doc.words & _CURRENCY_WORDS:  # "150 roses", "200 usd"
        for pos in occurrences(low, word, letters_only=True):
            b = _AMOUNT_FIRST.search(low, max(0, pos - 6), pos)
            if b is not None:
                toks.append((b.start(), pos + len(word), "money", int(b.group(1)), word))
    units = _units(doc)
    for unit in units:
        start, end = unit[0], unit[1]
        m = _AMOUNT_BEFORE.search(low, max(0, start - 12), start)
        if m is not None:
            toks.append((m.start("a"), m.end("a"), "num", int(m.group("a")), ""))
        m = _AMOUNT_AFTER.match(low, end)
        if m is not None:
            toks.append((m.start("a"), m.end("a"), "num", int(m.group("a")), ""))
    toks.sort(key=_start_longest_first)
    out: list[Token] = []
    spans = SpanIndex()
    fees = _fee_words(low)  # where "fee" / "dep" start: a _NOT_A_RATE match starts at one of them
    span = doc.span
    reach = -1  # the furthest end of the tokens kept so far: they come in start order
    for tok in toks:  # money beats a bare number at the same place; phones and ages beat both
        start, end, kind, number = tok[0], tok[1], tok[2], tok[3]
        if reach > start or taken.overlaps(*span(start, end)):
            continue
        if fees and _fee_before(fees, start) and _NOT_A_RATE.search(low, max(0, start - 16), start):
            continue  # "verification fee $20", "deposit $50": money, but not the price of a visit
        if (kind == "money" and not 20 <= number <= 100_000) or (kind == "num" and not 30 <= number <= 3000):
            continue
        out.append(tok)
        spans.add(start, end)
        reach = max(reach, end)
    if out:
        out.extend([u for u in units if not spans.overlaps(u[0], u[1])])
        out.sort()
        return out
    return units  # already in text order


def _dollar(doc: Doc, found: Found | None) -> str:
    """What a bare "$" means: Canadian dollars for an ad placed in Canada (by its location field,
    else by its phones all being Canadian), US dollars otherwise."""
    if doc.region == "CA":
        return "CAD"
    city = resolve(doc.location) if doc.location else None
    if city is not None:
        return "CAD" if city.country == "CA" else "USD"
    phones = found.phones if found is not None else []
    return "CAD" if phones and all(p.country == "CA" for p in phones) else "USD"


def _price(doc: Doc, amount_tok: Token, unit_tok: Token | None, rule: str, dollar: str) -> Price:
    first = amount_tok if unit_tok is None or amount_tok[0] < unit_tok[0] else unit_tok
    last = amount_tok if unit_tok is None or amount_tok[0] > unit_tok[0] else unit_tok
    symbol = amount_tok[4] if amount_tok[2] == "money" else "$"
    currency = _CURRENCY.get(symbol, "USD")
    if currency == "$":
        currency = dollar
    per = unit_tok[3] if unit_tok else None
    if symbol in _EUPHEMISM:
        rule += ":" + _EUPHEMISM[symbol]
        if per is None:  # "250 roses": a rate of roses with no unit is the hourly rate
            per, rule = 60, rule + ":hour-implied"
    raw, s, e = doc.raw(first[0], last[1])
    value = f"{amount_tok[3]} {currency}" + (f"/{per}" if per is not None else "")
    return Price(value, raw, s, e, rule, amount_tok[3], currency, per)


def find(doc: Doc, found: Found | None = None) -> list[Price]:
    low = doc.lower
    if doc.words.isdisjoint(_WORDS) and "$" not in low and "€" not in low and "£" not in low:
        return []
    spans = [(x.start, x.end) for x in found.phones] + [(x.start, x.end) for x in found.ages] if found else []
    toks = _tokens(doc, SpanIndex(spans))
    runs: list[list[Token]] = []
    run_gap, pair_gap = _RUN_GAP.fullmatch, _PAIR_GAP.fullmatch
    prev_end = -100
    for tok in toks:
        start = tok[0]
        if start - prev_end <= 12 and (run_gap(low, prev_end, start) or pair_gap(low, prev_end, start)):
            runs[-1].append(tok)
        else:
            runs.append([tok])
        prev_end = tok[1]
    dollar = _dollar(doc, found) if runs else "USD"
    return [price for run in runs for price in _read_run(doc, run, dollar)]


def _read_run(doc: Doc, run: list[Token], dollar: str) -> list[Price]:
    """Pair a rate list in the order its first token sets, falling back to the other order only
    where the preferred one leaves a token unpaired."""
    if len(run) == 1:
        return [_price(doc, run[0], None, "price:amount", dollar)] if run[0][2] == "money" else []
    low = doc.lower
    is_unit = [tok[2] == "unit" for tok in run]
    unit_first = is_unit[0]
    # pairs[a]: run[a] and run[a + 1] are a unit and an amount with only a pairing gap between.
    pairs = [
        is_unit[a] != is_unit[a + 1] and _PAIR_GAP.fullmatch(low, run[a][1], run[a + 1][0]) is not None
        for a in range(len(run) - 1)
    ]
    pairs.append(False)
    preferred = [pair and unit == unit_first for pair, unit in zip(pairs, is_unit, strict=True)]
    preferred.append(False)
    out: list[Price] = []
    i = 0
    while i < len(run):
        if preferred[i] or (pairs[i] and not preferred[i + 1]):
            unit, amount = (run[i], run[i + 1]) if is_unit[i] else (run[i + 1], run[i])
            order = "unit-amount" if is_unit[i] else "amount-unit"
            out.append(_price(doc, amount, unit, f"price:{order}", dollar))
            i += 2
            continue
        if run[i][2] == "money":
            out.append(_price(doc, run[i], None, "price:amount", dollar))
        i += 1
    return out


def normalise(raw: str) -> str | None:
    found = find(prepare(raw))
    return found[0].value if found else None


def validate(value: str) -> bool:
    return re.fullmatch(r"[0-9]{1,5} [A-Z]{3}(?:/[0-9]{1,4})?", value) is not None
