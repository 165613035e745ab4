"""Speed of the extract stage, for ``make bench``: ads/s of the full extraction against
``phonenumbers.PhoneNumberMatcher`` (which only finds plainly written phones) on the same texts.

``bench_extract(texts)`` measures a given corpus (the synthetic world's ads, say); ``sample_ads`` makes
a stand-in corpus of ~600-character ads with the usual mix of plain and obfuscated identifiers, so
the benchmark runs before any world is generated. ``python -m threadline.extract.bench`` prints it.
"""

from __future__ import annotations

import json
import random
import resource
import time
from collections.abc import Callable

import phonenumbers

from threadline.extract.api import extract, extract_many, warm_up

_OPENERS = [
    "Hi gentlemen, I'm {name}, new in town and visiting {city} for a few days only.",
    "NEW IN TOWN!! {name} here, sweet and classy companionship in {city}.",
    "Hello, my name is {name}. Upscale, discreet and friendly, now in {city}.",
    "Ask for {name} - independent, relaxed, appointment only, {city} area.",
]
_MIDDLES = [
    "{age}, 5'6, 120 lbs. Rates: {price}. No rush, great conversation, real photos.",
    "Age: {age2}. Donations: {price}. Screening required for your safety and mine.",
    "I'm {age3} and easy going. {price}. Incall and outcall, upscale hotels only.",
    "Sweet personality, {age} and always on time. {price}, deposit required.",
]
_CONTACTS = [
    "Call or text {phone} anytime 24/7.",
    "Text only: {phone}, no blocked numbers please.",
    "Reach me at {phone} or {email}.",
    "{phone} -- serious inquiries only.",
]
_EXTRAS = [
    "Snap: {handle} and IG @{handle}.",
    "Deposits through cashapp ${handle} only.",
    "Find me on t.me/{handle} for updates.",
    "Kik me at {handle}, replies are quick.",
    "Thank you for reading, see you soon xoxo.",
]
_FILLER = (
    "Looking forward to meeting respectful gentlemen who enjoy good company, a nice dinner and "
    "conversation. Please be on time and respectful. "
)
_NAMES = ["Jasmine", "Mia", "Ana", "Kayla", "Bella", "Lucia", "Nina", "Sofia", "Aria", "Luna"]
_CITIES = ["Las Vegas, NV", "Houston", "Phoenix, AZ", "visiting Denver", "Miami, FL", "Atlanta"]
_PRICES = ["$150 hr, 100 hh, 80 qv", "hh 100 h 180", "150 roses/hr", "200/hh 300/h", "$250 1hr"]
_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_SPANISH = ["cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"]


def _phone(rng: random.Random) -> str:
    digits = f"{rng.choice(['702', '713', '602', '305', '404', '720'])}555{rng.randint(100, 199):04d}"
    style = rng.randrange(8)
    if style == 0:
        return " ".join(_WORDS[int(d)] for d in digits)
    if style == 1:
        return " ".join(_SPANISH[int(d)] if i % 2 else d for i, d in enumerate(digits))
    if style == 2:
        return "".join(chr(0x1D7CE + int(d)) for d in digits)  # mathematical bold digits
    if style == 3:
        return "💋".join([digits[:3], digits[3:6], digits[6:]])
    return rng.choice(["({}) {}-{}", "{}.{}.{}", "{}-{}-{}", "{} {} {}"]).format(digits[:3], digits[3:6], digits[6:])


def sample_ads(n: int, seed: int = 7) -> list[str]:
    """``n`` synthetic, non-explicit ad texts of about 600 characters."""
    rng = random.Random(seed)
    ads = []
    for _ in range(n):
        name, handle = rng.choice(_NAMES), f"{rng.choice(_NAMES).lower()}_{rng.randint(10, 99)}"
        fields = {
            "name": name, "city": rng.choice(_CITIES), "age": f"{rng.randint(19, 35)} yrs",
            "age2": rng.randint(19, 35), "age3": rng.randint(19, 35), "price": rng.choice(_PRICES),
            "phone": _phone(rng), "email": f"{handle}@example.com", "handle": handle,
        }  # fmt: skip
        parts = [rng.choice(_OPENERS), rng.choice(_MIDDLES), rng.choice(_CONTACTS), rng.choice(_EXTRAS)]
        text = "\n".join(p.format(**fields) for p in parts)  # ads come as short lines
        text += "\n" + (_FILLER * 3)[: max(0, 600 - len(text))].rstrip()
        ads.append(text)
    return ads


def _rate(fn: Callable[[str], object], texts: list[str]) -> tuple[float, float]:
    """(texts/s wall clock, CPU microseconds per text) of ``fn`` in this process."""
    # Results are consumed and dropped, as a pipeline stage does (keeping them all alive would
    # mostly measure the garbage collector walking an ever larger heap).
    cpu, start = time.process_time(), time.perf_counter()
    for text in texts:
        fn(text)
    wall = time.perf_counter() - start
    return len(texts) / wall, (time.process_time() - cpu) / max(len(texts), 1) * 1e6


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (the pool's workers)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _rate_many(texts: list[str], workers: int) -> tuple[float, float]:
    """(ads/s wall clock, CPU microseconds per ad summed over all processes)."""
    cpu, start = _cpu_seconds(), time.perf_counter()
    for _ in extract_many(texts, workers=workers):
        pass
    wall = time.perf_counter() - start
    return len(texts) / wall, (_cpu_seconds() - cpu) / len(texts) * 1e6


def bench_extract(texts: list[str]) -> dict[str, float]:
    """ads/s of full extraction (single core and two workers) and of PhoneNumberMatcher alone."""
    warm_up()
    n = len(texts)
    single, cpu_single = _rate(extract, texts)
    matcher, cpu_matcher = _rate(lambda t: list(phonenumbers.PhoneNumberMatcher(t, "US")), texts)
    two, cpu_per_ad = _rate_many(texts, 2)
    return {
        "ads": n,
        "distinct_texts": len(set(texts)),  # extract_many reuses the result of a repeated text
        "mean_chars": round(sum(map(len, texts)) / max(n, 1), 1),
        "extract_ads_per_s_1_core": round(single),
        "extract_ads_per_s_2_workers": round(two),
        "phonenumbers_matcher_ads_per_s": round(matcher),
        "us_per_ad_1_core": round(1e6 / single, 1),
        # Wall-clock rates suffer when other processes share the cores; CPU time per ad much less,
        # so the projection is what two otherwise idle cores would do.
        "cpu_us_per_ad_1_core": round(cpu_single, 1),
        "phonenumbers_matcher_cpu_us_per_ad": round(cpu_matcher, 1),
        "cpu_us_per_ad_2_workers": round(cpu_per_ad, 1),
        "projected_ads_per_s_2_idle_cores": round(2e6 / cpu_per_ad) if cpu_per_ad else 0,
    }


def main() -> None:
    print(json.dumps(bench_extract(sample_ads(20_000)), indent=2))


if __name__ == "__main__":
    main()
