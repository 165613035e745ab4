"""A synthetic ad population with known ground truth, for the linker's tests and benchmarks.

Who posts (each poster is one truth label):

* networks: one operation posting many people's ads from one or two text templates, rotating phones
  (each used for a stretch of days; some ads carry a one-off burner number), names, cities and sites,
  sometimes a shared payment tag, photos re-encoded from a shared set;
* independents: one person, one phone, one text (reposted a few times), own photos;
* a spammer: the identical text with one URL, everywhere (one label: it is one actor);

and the hubs that must not merge them: the spam URL pasted into other posters' ads too, a site whose
own support phone is extracted from every one of its ads, a site that appends a long disclaimer to
every ad, and a stock photo used by unrelated posters.

Ads stream out in posting order (ids ascending) with their labels, so a million-ad bench never holds
the population in memory. All phone numbers use the fictional 555 exchange.
"""

from __future__ import annotations

import marshal
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from threadline.link import synth_text as t
from threadline.link.records import LinkAd

SYNTH_VERSION = 2  # bump when the population changes: benchmark caches are keyed by it
SITES = ("support-site", "boiler-site", "nightowl", "velvet", "citylist")
SUPPORT_PHONE = "+18005550100"
SPAM_URL = "www.hotdates-verify.example/join"
STOCK_IMAGE = "f0f0f0f00f0f0f0f"
DISCLAIMER = (
    "All advertisers on this site confirm they are adults and that every ad is placed for companionship "
    "and time only. Anything else is a private matter between consenting adults. Report abuse to the "
    "site team at any time, we review every report within one business day and remove offending posts."
)
SPAM_TEXT = (
    "Tired of fake ads? Meet verified local singles tonight at {url} - free sign up, real photos, no "
    "credit card needed. Thousands of new members in your city every week, join now and start chatting."
)


@dataclass(frozen=True, slots=True)
class SynthConfig:
    """Population mix; shares are of all ads."""

    ads: int = 3000
    seed: int = 7
    network_share: float = 0.45
    network_ads: tuple[int, int] = (15, 60)
    spam_share: float = 0.03
    spam_url_share: float = 0.04  # real ads that also paste the spam URL
    stock_image_share: float = 0.02
    burner_share: float = 0.3  # network ads that carry a one-off number: only text and photos link them
    first_id: int = 1
    day0: int = 19_000


class _Poster:
    """One label's posting habits."""

    def __init__(self, label: int, network: bool, rng: random.Random) -> None:
        self.label, self.network = label, network
        self.templates = [t.skeleton(rng) for _ in range(rng.choice((1, 1, 2)) if network else 1)]
        n_phones = rng.randint(3, 10) if network else 1
        self.phones = [_phone(label * 11 + i) for i in range(n_phones)]
        self.payment = f"cashapp:$pay{label}x{rng.randint(100, 999)}" if network or rng.random() < 0.3 else None
        self.handle = f"snapchat:girl{label}_{rng.randint(10, 99)}" if rng.random() < 0.4 else None
        self.photos = [rng.getrandbits(64) for _ in range(rng.randint(3, 12) if network else rng.randint(1, 3))]
        self.name = rng.choice(t.FIRST_NAMES)
        self.city = rng.choice(t.CITIES)
        self.sites = rng.sample(SITES, rng.randint(2, 4) if network else 1)
        self.price = f"${rng.choice((100, 120, 150, 160, 200, 250, 300))}"
        # An independent writes her text once and reposts it.
        self.text = t.fill(
            self.templates[0], name=self.name, city=self.city, phone=t.phone_text(self.phones[0], rng), price=self.price
        )


def _phone(n: int) -> str:
    """A distinct fictional number for each n < 8,000,000 (+1 AAA 555 XXXX, area codes 200..999):
    a multiplicative permutation scatters consecutive posters over area codes."""
    k = (n * 2654435761) % 8_000_000  # the multiplier is coprime to 8,000,000: a bijection
    return f"+1{200 + k // 10_000}555{k % 10_000:04d}"


def _photo_hex(photo: int, rng: random.Random) -> str:
    # A re-encoded copy of the photo: its perceptual hash moves by a bit or two now and then.
    for _ in range(rng.choice((0, 0, 0, 1, 2))):
        photo ^= 1 << rng.randrange(64)
    return f"{photo:016x}"


def _ad(p: _Poster, ad_id: int, day: int, rng: random.Random, cfg: SynthConfig) -> LinkAd:
    site = rng.choice(p.sites)
    city = rng.choice(t.CITIES) if p.network and rng.random() < 0.6 else p.city
    phone = p.phones[(day // 7 + rng.randrange(2)) % len(p.phones)] if p.network else p.phones[0]
    if p.network and rng.random() < cfg.burner_share:
        phone = _phone(6_900_000 + ad_id % 1_100_000)  # a burner: this ad's number only
    if p.network:
        sentences = t.mutate(rng.choice(p.templates), rng, word_rate=0.02, drop_rate=0.1)
        name, price = rng.choice(t.FIRST_NAMES), f"${rng.choice((100, 150, 200, 250))}"
        text = t.fill(sentences, name=name, city=city, phone=t.phone_text(phone, rng), price=price)
    else:
        text = p.text
    ids: list[tuple[str, str]] = [("phone", phone)]
    if p.payment and rng.random() < 0.4:
        ids.append(("payment", p.payment))
        text += f" Deposit via cashapp ${p.payment.split('$')[1]}."
    if p.handle and rng.random() < 0.7:
        ids.append(("handle", p.handle))
        text += f" Snap: {p.handle.split(':')[1]}"
    ids.extend(("image", _photo_hex(ph, rng)) for ph in rng.sample(p.photos, min(len(p.photos), rng.randint(1, 3))))
    if rng.random() < cfg.stock_image_share:
        ids.append(("image", STOCK_IMAGE))
    if rng.random() < cfg.spam_url_share:
        ids.append(("url", SPAM_URL))
        text += f" Verified at {SPAM_URL}"
    return _on_site(LinkAd(ad_id, text, tuple(ids), site, city, day))


def _on_site(ad: LinkAd) -> LinkAd:
    # What the site adds around the poster's words, as extraction would see it.
    if ad.site == "support-site":
        return LinkAd(
            ad.ad,
            ad.text + " Support: 800-555-0100",
            (*ad.identifiers, ("phone", SUPPORT_PHONE)),
            ad.site,
            ad.city,
            ad.day,
        )
    if ad.site == "boiler-site":
        return LinkAd(ad.ad, ad.text + " " + DISCLAIMER, ad.identifiers, ad.site, ad.city, ad.day)
    return ad


def generate(cfg: SynthConfig) -> Iterator[tuple[LinkAd, int]]:
    """(ad, truth label) in posting order; labels are poster numbers, the spammer's is 0."""
    rng = random.Random(cfg.seed)
    n_net_ads = int(cfg.ads * cfg.network_share)
    n_spam = int(cfg.ads * cfg.spam_share)
    schedule: list[int] = []  # poster label per ad slot
    networks: dict[int, _Poster] = {}
    label = 1
    while len(schedule) < n_net_ads:
        networks[label] = _Poster(label, True, rng)
        schedule.extend([label] * rng.randint(*cfg.network_ads))
        label += 1
    schedule = schedule[:n_net_ads]
    while len(schedule) < cfg.ads - n_spam:
        schedule.extend([label] * rng.choice((1, 1, 1, 2, 2, 3, 4)))
        label += 1
    schedule = schedule[: cfg.ads - n_spam] + [0] * n_spam
    rng.shuffle(schedule)
    span = max(30, cfg.ads // 200)  # days the population is spread over
    for i, who in enumerate(schedule):
        ad_id, day = cfg.first_id + i, cfg.day0 + i * span // max(1, cfg.ads)
        if who == 0:
            city = rng.choice(t.CITIES)
            text = SPAM_TEXT.replace("{url}", SPAM_URL)
            yield _on_site(LinkAd(ad_id, text, (("url", SPAM_URL),), rng.choice(SITES), city, day)), 0
        else:
            # Independents are re-created from their own seed at each ad: identical every time, and a
            # million-ad stream never holds hundreds of thousands of posters.
            poster = networks.get(who) or _Poster(who, False, random.Random(cfg.seed * 1_000_003 + who))
            yield _ad(poster, ad_id, day, rng, cfg), who


def population(cfg: SynthConfig) -> tuple[list[LinkAd], dict[int, int]]:
    """The whole population in memory (small sizes): ads and ad id -> truth label."""
    ads, truth = [], {}
    for ad, label in generate(cfg):
        ads.append(ad)
        truth[ad.ad] = label
    return ads, truth


def save(cfg: SynthConfig, path: Path, chunk: int = 10_000) -> int:
    """Write the population to ``path`` (marshal chunks: fast to stream back); returns the ad count."""
    count = 0
    tmp = path.with_suffix(".part")
    with tmp.open("wb") as fh:
        rows: list[tuple[object, ...]] = []
        for ad, label in generate(cfg):
            rows.append((ad.ad, ad.text, ad.identifiers, ad.site, ad.city, ad.day, label))
            if len(rows) == chunk:
                marshal.dump(rows, fh)
                count, rows = count + len(rows), []
        if rows:
            marshal.dump(rows, fh)
            count += len(rows)
    tmp.replace(path)
    return count


def load(path: Path) -> Iterator[tuple[LinkAd, int]]:
    """Stream (ad, label) back from a file written by :func:`save`."""
    with path.open("rb") as fh:
        while True:
            try:
                rows = marshal.load(fh)
            except EOFError:
                return
            for ad, text, ids, site, city, day, label in rows:
                yield LinkAd(ad, text, ids, site, city, day), label
