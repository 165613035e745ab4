"""Fragment banks for spa, spam and classified ads (see :mod:`threadline.simulate.wording`).

Each entry is a list of parts; one alternative per part makes a sentence. The fragments are the
plain vocabulary of such ads, non-explicit. Money in spam is always written after a fee word
("Verification fee $20"): it is a scam fee, not an ad's price, and the extractor is expected to
tell the two apart. Wages in job ads are not ad prices either.
"""

from __future__ import annotations

from threadline.simulate.wording import Parts

SPA: dict[str, Parts] = {
    "title": (
        ("Grand opening - ", "New management - ", "", "Best in {city} - ", "Now open - ", "Relax at "),
        ("{business}",),
        ("", " - new staff", " - open 7 days", " - walk-ins welcome", " - {city}", " massage"),
    ),
    "about": (
        ("Professional", "Relaxing", "Traditional", "Therapeutic", "Soothing", "Quality"),
        (" massage", " body massage", " foot and body massage", " deep tissue massage", " Swedish massage"),
        (
            " in a clean, relaxing atmosphere.",
            " by a friendly staff.",
            " to melt your stress away.",
            " after a long day.",
            " at a fair price.",
            " by experienced therapists.",
        ),
    ),
    "staff": (
        ("New staff: ", "Now with ", "Ask for ", "Our team: ", "Staff: "),
        ("{staff}",),
        (".", " - all friendly.", ", welcome!", " on duty.", "."),
    ),
    "hours": (
        ("Open 7 days ", "Hours: ", "Open every day ", "We are open ", "Daily "),
        ("{open}",),
        (".", " daily.", ", holidays too.", ", last walk-in one hour before close."),
    ),
    "contact": (
        ("Call ", "Appointments: ", "Book now: ", "Phone ", "Call us at "),
        ("{phone}",),
        ("", " for appointment", " - walk-ins welcome", ", same day ok", " to book"),
    ),
}
SPA_AMENITIES = (
    "Shower available.",
    "Free parking in back.",
    "Clean private rooms.",
    "Gift cards available.",
    "Credit cards accepted.",
    "Couples room available.",
    "Hot stone add-on.",
    "Quiet, clean and safe.",
    "Enter from the side door.",
    "Complimentary tea.",
    "Heated tables.",
    "Aromatherapy oils.",
)

SPAM: dict[str, Parts] = {
    "title": (
        ("Tired of fake ads? ", "100% real - ", "Real girls only - ", "No fakes - ", "", "Verified - "),
        ("Meet verified real companions", "verify here first", "{name}", "{name} {age}", "discreet and real"),
        ("", " - read first", " - no scams", "!", " - safe and easy"),
    ),
    "greet": (
        ("Hi", "Hey", "Hello", "Hi there", "Hey guys", "Hello gentlemen"),
        (", I'm {name}", ", it's {name}", ", {name} here", ", my name is {name}"),
        (", real and verified.", " and I am 100% real.", ", no fake pics.", ", verified real.", " - real me."),
    ),
    "verify": (
        (
            "Too many fake ads here. ",
            "So many fakes on this site. ",
            "Safety first for both of us. ",
            "Tired of the fakes? ",
            "Scammers are everywhere. ",
            "",
        ),
        (
            "Verify you are real at {link}",
            "Complete the quick safety check at {link}",
            "Get verified at {link}",
            "Fill out the short form at {link}",
            "Register at {link}",
            "Sign up for the free check at {link}",
        ),
        (" and I will text you back.", " and then text me.", " first, then we can talk.", ".", " before we meet."),
    ),
    "fee": (
        ("Verification fee $20", "Screening fee: $20", "Safety deposit $20", "One-time fee $20", "Small deposit $20"),
        (" by ", " via ", " sent to ", " through "),
        ("{pay}",),
        (".", ", refundable.", " - no exceptions.", ", then we meet."),
    ),
    "email": (("Email ", "Email me: ", "Or email ", "Mail: "), ("{email}",)),
}

CAR_FEATURES = (
    "Runs great",
    "new tires",
    "cold AC",
    "new brakes",
    "recent oil change",
    "no leaks",
    "non smoker",
    "backup camera",
    "Bluetooth",
    "leather seats",
    "good on gas",
    "all maintenance records",
    "timing belt done",
    "tinted windows",
    "new battery",
    "heated seats",
)
GOODS_CONDITION = (
    "Like new.",
    "Good condition, minor scratches.",
    "Barely used.",
    "Moving, must go.",
    "Smoke-free home.",
    "Pet-free home.",
    "Some wear but sturdy.",
    "Clean and ready to use.",
    "First come, first served.",
    "No holds.",
    "Can help load.",
    "Cash or app payment.",
)
CLASSIFIED: dict[str, Parts] = {
    "car_title": (("clean title", "title in hand", "one owner", "no accidents", "clean title, no accidents"),),
    "car_price": (
        ("Asking $", "Price $", "Selling for $", "Yours for $", "Only $"),
        ("{price}",),
        (".", " or best offer.", " firm.", ", serious buyers only.", " - no trades."),
    ),
    "where": (
        ("Located ", "Pickup ", "Come see it ", "Meet "),
        ("{where}",),
        (".", ", any evening.", " on weekends.", ", easy parking.", ", cash only."),
    ),
    "car_contact": (
        ("Call ", "Text ", "Call or text ", "Serious buyers call ", "Reach me at "),
        ("{phone}",),
        (" after 5pm.", ", no lowballers.", ".", " anytime.", " - texts preferred."),
    ),
    "dimensions": (
        ("Dimensions ", "Measures ", "Size: ", "About "),
        ("{w} x {dp} x {h} in.",),
    ),
    "goods_price": (
        ("$",),
        ("{price}",),
        (" OBO, cash only.", " firm.", " or best offer.", " cash.", ", priced to sell."),
    ),
    "goods_contact": (
        ("Call or text ", "Text ", "Call ", "Message me at ", "Text me at "),
        ("{phone}",),
        ("", " - serious buyers only", " for pickup", ", texts preferred"),
    ),
    "job_open": (
        ("Now hiring a ", "We are hiring a ", "Hiring now: ", "Looking for a ", "Seeking a "),
        ("{job}",),
        (" for a busy ", " for a growing ", " for a family-owned ", " for a local ", " for a friendly "),
        ("{employer} in {city}.",),
    ),
    "job_shift": (
        ("full time, Mon-Fri 7am-3:30pm.", "part time, weekends.", "full time, day shift.", "evenings, 4 days a week."),
        ("", " Benefits after 90 days.", " Paid training.", " Weekly pay.", " Must be reliable."),
    ),
    "job_apply": (
        ("Apply in person at ", "Stop by ", "Walk in at ", "Visit us at ", "Come in at "),
        ("{number} {address}",),
        (" or call ", ", or call ", " or text ", " or reach us at "),
        ("{phone}.",),
    ),
}
