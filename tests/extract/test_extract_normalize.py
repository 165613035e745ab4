"""Folding keeps a map back to the original text; number words become digit atoms."""

from __future__ import annotations

from threadline.extract.normalize import occurrences, prepare
from threadline.extract.numwords import leet_word, scan


def test_ascii_fast_path_is_identity() -> None:
    doc = prepare("Call Me 702")
    assert doc.text == doc.original and doc.lower == "call me 702"
    assert doc.span(5, 7) == (5, 7) and not doc.changed(0, 11)
    assert {"call", "me"} <= doc.words


def test_unicode_digits_and_letters_fold_one_to_one() -> None:
    doc = prepare("𝟕𝟎𝟐 ٧٠٢ ①②③ ＳＮＡＰ Café ＠ Ⅰ")
    assert doc.text.startswith("702 702 123 SNAP Cafe @")
    assert len(doc.text) == len(doc.original)
    assert doc.changed(0, 3)


def test_invisible_marks_are_dropped_and_spans_map_back() -> None:
    text = "a 7️⃣0️⃣ b\u200bc"
    doc = prepare(text)
    assert doc.text == "a 70 bc"
    start, end = doc.span(2, 4)
    assert text[start:end] == "7️⃣0️⃣"
    start, end = doc.span(5, 7)
    assert text[start:end] == "b\u200bc"


def test_curly_apostrophes_and_confusables() -> None:
    assert prepare("I’m").lower == "i'm"
    assert prepare("sсаm").lower == "scam"  # Cyrillic с and а


def test_occurrences_are_whole_words() -> None:
    low = "one someone one1 one, 100hh hh"
    assert occurrences(low, "one") == [0, 17]
    assert occurrences(low, "hh") == [28]
    assert occurrences(low, "hh", letters_only=True) == [25, 28]


def test_number_words_become_atoms() -> None:
    atoms = scan(prepare("seven oh two, five fifty five, cincuenta y cinco, tw0, 7O2, double five"))
    assert [a.digits for a in atoms] == ["7", "0", "2", "5", "55", "55", "2", "702", "55"]
    assert {a.kind for a in atoms} == {"words", "letters"}


def test_hundreds_only_when_unambiguous() -> None:
    assert [a.digits for a in scan(prepare("eight hundred"))] == ["800"]
    assert [a.digits for a in scan(prepare("seven hundred fifty two"))] == ["752"]
    assert [a.digits for a in scan(prepare("quinientos cincuenta y cinco"))] == ["555"]
    assert "702" not in [a.digits for a in scan(prepare("seven hundred two five"))]


def test_leet_words() -> None:
    assert leet_word("tw0") == "two" and leet_word("e1ght") == "eight" and leet_word("3l3v3n") == "eleven"
    assert leet_word("b00k") is None
