"""Every phone spelling still encodes the true number; other identifiers keep their true value."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from threadline.simulate.facts import FactSheet, tidy
from threadline.simulate.lexicon import NUMBER_WORDS_EN, NUMBER_WORDS_ES, NUMBER_WORDS_LEET
from threadline.simulate.spelling import PHONE_STYLES, email_text, phone_text

_WORDS = {
    w: str(i) for table in (NUMBER_WORDS_EN, NUMBER_WORDS_ES, NUMBER_WORDS_LEET) for i, w in enumerate(table)
}
_WORDS["oh"] = "0"
_WORD_RE = re.compile("|".join(sorted(map(re.escape, _WORDS), key=len, reverse=True)))


def decode(text: str) -> str:
    """A deliberately independent reader: undo every obfuscation, then keep the digits."""
    text = unicodedata.normalize("NFKC", text)  # fullwidth and mathematical-bold digits
    text = _WORD_RE.sub(lambda m: _WORDS[m.group(0)], text)
    text = text.replace("O", "0").replace("l", "1").replace("I", "1")
    digits = re.sub(r"\D", "", text)
    return digits[1:] if len(digits) == 11 and digits[0] == "1" else digits


@given(
    npa=st.sampled_from(["702", "213", "416", "915", "808"]),
    line=st.integers(100, 199),
    style=st.sampled_from(PHONE_STYLES),
    bits=st.integers(0, 2**64 - 1),
)
def test_phone_spellings_round_trip(npa: str, line: int, style: str, bits: int) -> None:
    digits = f"{npa}555{line:04d}"
    written = phone_text(digits, style, bits)
    assert written == tidy(written)  # already normalised: adapters will not change it
    assert decode(written) == digits, (style, written)


def test_fact_sheet_records_true_values() -> None:
    sheet = FactSheet()
    written = sheet.phone("7025550123", "words_oh", 0)
    assert written.startswith("seven oh two")
    sheet.email("mia22@example.com", 1)
    sheet.handle("whatsapp", "+17025550199", 0)
    facts = sheet.freeze()
    assert facts.phones == ("+17025550123", "+17025550199")
    assert facts.emails == ("mia22@example.com",)
    assert email_text("mia22@example.com", 1) == "mia22 at example dot com"
