"""Word lists of the synthetic world: fictional names, businesses, streets and classified goods.

Every name here is a common given name or an invented business; no real person or company is
meant. Email domains are the reserved ``example.*`` ones only.
"""

from __future__ import annotations

STAGE_NAMES_EN = (
    "Mia", "Jade", "Crystal", "Amber", "Diamond", "Lexi", "Bella", "Destiny", "Candy", "Ruby",
    "Sasha", "Kayla", "Nikki", "Brooke", "Skye", "Paris", "Honey", "Jasmine", "Chloe", "Summer",
    "Star", "Angel", "Aaliyah", "Bailey", "Raven", "Sienna", "Tiffany", "Violet", "Kendra", "Layla",
    "Monique", "Naomi", "Paige", "Remi", "Roxy", "Tasha", "Trinity", "Vanessa", "Willow", "Zoe",
    "Mariah", "Kiki", "Ivy", "Gigi", "Faith", "Ebony", "Dallas", "Cleo", "Britney", "Aspen",
)  # fmt: skip
STAGE_NAMES_ES = (
    "Valeria", "Camila", "Lupita", "Daniela", "Sofia", "Ximena", "Mariana", "Paola", "Karla",
    "Fernanda", "Gabriela", "Yesenia", "Alejandra", "Rocio", "Brenda", "Marisol", "Lorena", "Carolina",
    "Esmeralda", "Yadira", "Perla", "Araceli", "Jazmin", "Maribel", "Luz", "Dulce", "Estrella", "Nayeli",
)  # fmt: skip
STAFF_NAMES = (
    "Lily", "Amy", "Coco", "Jenny", "Lucy", "Tina", "Nancy", "Cindy", "Kitty", "Vicky", "Annie", "Mimi",
    "Susan", "Linda", "Grace", "Helen", "Joy", "Kelly", "Sunny", "Anna", "Emma", "Judy", "Mandy", "Rose",
)  # fmt: skip
HANDLE_TAILS = ("xo", "luv", "baby", "doll", "vip", "real", "official", "xoxo", "bb", "hun", "tx", "la")
HAIR = ("brown", "black", "blonde", "red", "auburn", "dark brown")
PELO = ("castaño", "negro", "rubio", "rojizo")

SPA_WORDS = (
    "Lotus", "Golden", "Jade", "Orchid", "Bamboo", "Sunrise", "Harmony", "Pearl", "Serenity", "Lucky",
    "Oriental", "Blue Sky", "Zen", "Paradise", "Royal", "Bliss", "Silk", "Spring",
)  # fmt: skip
SPA_KINDS = ("Spa", "Massage", "Health Spa", "Wellness", "Day Spa", "Foot Spa")
STREETS = (
    "Main St", "Oak Ave", "Broadway", "Center St", "Park Blvd", "Lincoln Ave", "Washington St",
    "Industrial Rd", "Commerce Dr", "Valley View Blvd", "Airport Rd", "Market St", "Pine St",
    "Highland Ave", "Sunset Blvd", "University Ave", "Jefferson Blvd", "Mission Rd", "Lake St",
)  # fmt: skip
DIRECTIONS = ("", "", "N ", "S ", "E ", "W ")

SPAM_BRANDS = ("verifydate", "realmeet", "safecheck", "trustdate", "metnow", "idcheck", "datesafe")
SPAM_PERSONAS = ("Rita", "Kim", "Tracy", "Lena", "Julia", "Nora")

# Classified goods: (category, item, low price, high price, attribute box)
FURNITURE = (
    ("Solid oak dresser", "6 drawers, some wear on top", 90, 260, ("condition", "good")),
    ("Sectional sofa", "grey fabric, pet free and smoke free home", 250, 900, ("condition", "like new")),
    ("Queen bed frame", "metal, headboard included", 60, 180, ("condition", "good")),
    ("Dining table with 4 chairs", "seats six with the leaf", 120, 450, ("condition", "fair")),
    ("Office desk", "L-shaped, cable tray", 70, 220, ("condition", "excellent")),
    ("Bookshelf", "5 shelves, walnut finish", 25, 90, ("condition", "good")),
    ("Recliner chair", "brown leather, works perfectly", 80, 300, ("condition", "good")),
    ("Patio set", "table, umbrella and 4 chairs", 100, 350, ("condition", "fair")),
)  # fmt: skip
CARS = (
    ("Honda", "Civic"), ("Toyota", "Camry"), ("Ford", "F-150"), ("Chevrolet", "Malibu"),
    ("Nissan", "Altima"), ("Jeep", "Wrangler"), ("Subaru", "Outback"), ("Hyundai", "Elantra"),
    ("Dodge", "Grand Caravan"), ("Kia", "Soul"),
)  # fmt: skip
JOBS = (
    ("Line cook", "restaurant", 14, 19), ("Warehouse associate", "warehouse", 15, 18),
    ("Delivery driver", "delivery", 16, 22), ("Front desk clerk", "hotel", 13, 16),
    ("Landscaping crew member", "landscaping", 15, 20), ("Dental receptionist", "office", 16, 21),
    ("Cashier", "grocery store", 12, 15), ("HVAC helper", "HVAC", 17, 24),
)  # fmt: skip
NEIGHBOURHOODS = ("downtown", "the north side", "the east side", "near the mall", "off the freeway",
                  "by the university", "near the airport", "the west side")  # fmt: skip

# Words a filter or an analyst would flag if they appeared; the generator must never write them.
FORBIDDEN_WORDS = frozenset({"sex", "sexy", "nude", "naked", "porn", "fetish", "erotic", "xxx", "bbbj"})

NUMBER_WORDS_EN = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
NUMBER_WORDS_ES = ("cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve")
# Leetspeak forms of the English number words ("fiv3"), as obfuscating posters write them.
NUMBER_WORDS_LEET = ("z3r0", "0n3", "tw0", "thr33", "f0ur", "fiv3", "s1x", "s3v3n", "31ght", "n1n3")
FULLWIDTH_DIGITS = "０１２３４５６７８９"
BOLD_DIGITS = "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗"
KEYCAP = "\ufe0f\u20e3"  # digit + VS16 + combining enclosing keycap renders as an emoji keycap
