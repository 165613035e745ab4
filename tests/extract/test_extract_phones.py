"""Phone extraction: formats, obfuscations, negatives, flags and the normalise/validate helpers."""

from __future__ import annotations

import pytest

from threadline.extract import phones
from threadline.extract.api import extract
from threadline.extract.normalize import prepare

V = "+17025550143"


def values(text: str, region: str = "US") -> list[str]:
    return [p.value for p in phones.find(prepare(text, region=region))]


@pytest.mark.parametrize(
    "text",
    [
        "702-555-0143",
        "(702) 555-0143",
        "+1 (702) 555-0143",
        "seven zero two five five five zero one four three",
        "siete cero dos cinco cinco cinco cero uno cuatro tres",
        "7O2 555 Ol43",
        "sev3n 0 tw0 555 0143",
        "𝟕𝟎𝟐𝟓𝟓𝟓𝟎𝟏𝟒𝟑",
        "7️⃣0️⃣2️⃣5️⃣5️⃣5️⃣0️⃣1️⃣4️⃣3️⃣",
        "702💋555💋0143",
        "example.com/702-555-0143-new-in-town",
        "sevenzerotwo fivefivefive zeroonefourthree",
        "7zerotwo 5five5 01four3",
    ],
)
def test_finds_the_number(text: str) -> None:
    assert values(text) == [V]


@pytest.mark.parametrize(
    "text",
    [
        "$150 hr, 200 hh, 300 roses",
        "34-24-36 5'6 120 lbs 34DD",
        "12/25/2018 10:30pm 2018-04-06 24/7",
        "4521 W Sahara Ave, Las Vegas, NV 89102",
        "one two three four five six seven eight nine ten",
        "I am 25 and live at 702 Main St, unit 555, call after 0143",
        "Ad ID: 7025550143",
        "seven hundred two five five five zero one four three",  # "seven hundred two": ambiguous
    ],
)
def test_does_not_invent_a_phone(text: str) -> None:
    assert values(text) == []


def test_obfuscated_flag_and_rule() -> None:
    plain, spelled = phones.find(prepare("call 702-555-0143 or seven zero two five five five zero one four four"))
    assert (plain.obfuscated, plain.rule) == (False, "phone:plain")
    assert spelled.obfuscated and "words" in spelled.rule
    assert phones.find(prepare("𝟕𝟎𝟐-𝟓𝟓𝟓-𝟎𝟏𝟒𝟑"))[0].rule == "phone:unicode"
    assert phones.find(prepare("7 0 2 5 5 5 0 1 4 3"))[0].obfuscated


def test_span_points_into_the_original_text() -> None:
    text = "Call ☎ 7️⃣0️⃣2️⃣ 5️⃣5️⃣5️⃣ 0️⃣1️⃣4️⃣3️⃣ now"
    (phone,) = extract(text).phones
    assert text[phone.start : phone.end] == phone.raw
    assert phone.raw.startswith("7") and phone.raw.endswith("3️⃣")


def test_country_codes_and_regions() -> None:
    assert values("+44 20 7946 0958") == ["+442079460958"]
    assert values("Toronto (416) 555-0123")[0] == "+14165550123"
    assert phones.find(prepare("(416) 555-0123"))[0].country == "CA"
    assert values("020 7946 0958", region="GB") == ["+442079460958"]


def test_normalise_and_validate() -> None:
    assert phones.normalise("(702) 555-0143") == V
    assert phones.normalise("no phone here") is None
    assert phones.validate(V)
    assert not phones.validate("+15555555555")
    assert not phones.validate("7025550143")
