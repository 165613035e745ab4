"""E-mails, URLs, handles, payment tags, ages, prices, places and names: one behaviour per test."""

from __future__ import annotations

from threadline.extract import ages, emails, handles, names, payment, places, prices, urls
from threadline.extract.api import extract


def test_email_spellings() -> None:
    ex = extract("mia(at)example(dot)com, LOLA [at] example . net, kim@example.org")
    assert [e.value for e in ex.emails] == ["mia@example.com", "lola@example.net", "kim@example.org"]
    assert [e.obfuscated for e in ex.emails] == [True, True, False]
    assert extract("meet me at example.com, IG @jasmine.lv").emails == ()
    assert emails.normalise("Kim@Example.ORG") == "kim@example.org"
    assert emails.validate("kim@example.org") and not emails.validate("kim@example")


def test_urls_are_canonical() -> None:
    ex = extract("https://www.Example.com/Ads/123/ and t.me/jaz_lv, not call.me or St.Louis")
    assert [u.value for u in ex.urls] == ["example.com/Ads/123", "t.me/jaz_lv"]
    assert ex.urls[0].domain == "example.com"
    assert urls.validate("example.com/x") and not urls.validate("not a url")


def test_handles_need_a_real_separator_for_short_labels() -> None:
    ex = extract("sc: jaz_22, IG @mia.lv, kik me at lolalv, snap pics daily, Columbia, SC 29201")
    assert [(h.service, h.value) for h in ex.handles] == [
        ("snapchat", "jaz_22"),
        ("instagram", "mia.lv"),
        ("kik", "lolalv"),
    ]
    assert handles.normalise("@Jaz_22", "snapchat") == "jaz_22"


def test_handles_from_urls_and_whatsapp_numbers() -> None:
    ex = extract("onlyfans.com/jaz_lv and WhatsApp: +1 702 555 0143")
    assert {(h.service, h.value) for h in ex.handles} == {("onlyfans", "jaz_lv"), ("whatsapp", "+17025550143")}


def test_cashtag_is_not_a_price() -> None:
    ex = extract("$150 hr, deposit to $JazLV or venmo @jaz-lv22, paypal.me/jazlv")
    assert [(p.service, p.value) for p in ex.payment] == [
        ("cashapp", "$jazlv"),
        ("venmo", "@jaz-lv22"),
        ("paypal", "jazlv"),
    ]
    assert [p.value for p in ex.prices] == ["150 USD/60"]
    assert payment.validate("$jazlv", "cashapp") and not payment.validate("$150", "cashapp")


def test_ages_and_minors() -> None:
    found = [(a.value, a.minor) for a in extract("I'm 21, 5'6, age: 17, 120 lbs, 20 años").ages]
    assert found == [(21, False), (17, True), (20, False)]
    assert extract("I'm 100% real, ages 18+ only, 20 years of experience, 24/7").ages == ()
    assert ages.normalise("19 y/o") == 19 and ages.validate(19) and not ages.validate(99)


def test_prices_keep_their_unit() -> None:
    found = [(p.amount, p.currency, p.per_minutes) for p in extract("hh 100 h 180, 150 roses, 80 qv").prices]
    assert found == [(100, "USD", 30), (180, "USD", 60), (150, "USD", 60), (80, "USD", 15)]
    roses = extract("150 roses/hr").prices[0]
    assert roses.rule.endswith(":roses") and roses.per_minutes == 60
    assert extract("150 roses").prices[0].rule.endswith(":hour-implied")
    assert extract("Asking $5,100 for the car").prices[0].amount == 5100
    assert extract("Specials: $170 half hour", location="Toronto, ON").prices[0].currency == "CAD"
    assert extract("$150 hr", region="CA").prices[0].currency == "CAD"
    assert prices.validate("150 USD/60")


def test_places_from_text_location_and_area_code() -> None:
    ex = extract("visiting Mobile, AL; call 702-555-0143", location="Reno, NV")
    got = [(p.value, p.source, p.start is None) for p in ex.places]
    assert got == [("Mobile, AL", "text", False), ("Reno, NV", "location", True), ("Las Vegas, NV", "area_code", True)]
    assert all(p.lat and p.lon and p.geonameid for p in ex.places)


def test_common_word_cities_need_context() -> None:
    assert extract("Mobile friendly. Reading is fun. Normal hours. Independence day.").places == ()
    assert [p.value for p in extract("in Charlotte this week").places] == ["Charlotte, NC"]
    assert places.normalise("las vegas nv") == "Las Vegas, NV" and places.validate("Las Vegas, NV")


def test_advertised_names() -> None:
    ex = extract("Hi, I'm Jasmine! Ask for Mia. I'm new and available. Lola here")
    assert [n.value for n in ex.names] == ["Jasmine", "Mia", "Lola"]
    assert names.normalise("jasmine") == "Jasmine" and not names.validate("New")


def test_ages_written_next_to_names() -> None:
    ex = extract("Ask for Kiki & Tasha\nKiki 25 / Tasha 17\nBritney is 24, Roxy (22), Karla de 23\nSuite 21, Route 66")
    assert [(a.value, a.name, a.minor) for a in ex.ages] == [
        (25, "Kiki", False), (17, "Tasha", True), (24, "Britney", False), (22, "Roxy", False), (23, "Karla", False),
    ]  # fmt: skip
    assert {"Kiki", "Tasha", "Britney"} <= {n.value for n in ex.names}
    assert [a.value for a in extract("Ivy - sweet and friendly - 25\nHi, I'm Ivy").ages] == [25]


def test_name_lists_and_places_are_not_names() -> None:
    ex = extract("Now with Coco, Anna and Kelly. Just arrived in Waukesha, here until Friday.")
    assert [n.value for n in ex.names] == ["Coco", "Anna", "Kelly"]


def test_payment_account_before_service_and_prose_after_label() -> None:
    ex = extract("Deposit via @maribeltx on Venmo. Cash App required. Verification fee $20")
    assert [(p.service, p.value) for p in ex.payment] == [("venmo", "@maribeltx")]
    assert ex.prices == ()  # a fee is money, not the price of a visit


def test_payment_label_followed_by_prose_after_a_dash() -> None:
    ex = extract("Small deposit $20 by $verifydate85 on Cash App - no exceptions. Venmo - then text me")
    assert [(p.service, p.value) for p in ex.payment] == [("cashapp", "$verifydate85")]
    assert ex.prices == ()


def test_names_after_a_staff_roster_cue() -> None:
    assert [n.value for n in extract("Our team: Joy, Kelly and Lucy - all friendly.").names] == ["Joy", "Kelly", "Lucy"]
