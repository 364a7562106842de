"""Label helpers: formatting citations, reading them back, numbering order, markers."""

from __future__ import annotations

import pytest

from gapcheck.extractors import labels as L


@pytest.mark.parametrize("style, path, label", [
    (L.SECTION, ("3", "1", "a"), "s. 3(1)(a)"),
    (L.SECTION, ("369A",), "s. 369A"),
    (L.SECTION, ("2", '"child"'), 's. 2 "child"'),
    (L.SECTION, ("2", '"coercion"', "a"), 's. 2 "coercion"(a)'),
    (L.SECTION, ("279.01", "1"), "s. 279.01(1)"),
    (L.SECTION, ("370", "Expl. 1"), "s. 370 Expl. 1"),
    (L.SECTION, ("370", "Expl. 1", "a"), "s. 370 Expl. 1(a)"),
    (L.ARTICLE, ("127.1", "2", "e"), "Art. 127.1(2)(e)"),
    (L.ARTICLE, ("127.1", "Note 2"), "Art. 127.1 Note 2"),
    (L.ARTICLE, ("126", "Note"), "Art. 126 Note"),
    (L.USC, ("20A-5-1", "a", "2", "F"), "§ 20A-5-1(a)(2)(F)"),
    (L.USC, ("18.2-357.1", "A"), "§ 18.2-357.1(A)"),
    (L.REGULATION, ("2.20A", "3"), "reg. 2.20A(3)"),
    (L.USC, ("1101", "a", "15", "T", "i", "III", "cc"), "§ 1101(a)(15)(T)(i)(III)(cc)"),
    (L.ARTICLE, ("4", "a"), "Art. 4(a)"),
    (L.ARTICLE, ("177 bis", "1"), "Art. 177 bis(1)"),
    (L.SCHEDULE, ("First Schedule", "3", "a"), "First Schedule, para. 3(a)"),
    (L.SCHEDULE, ("Schedule", "b"), "Schedule, para. (b)"),
    (L.SCHEDULE, ("Schedule",), "Schedule"),
    (L.FRONT, ("Preamble",), "Preamble"),
    (L.TEXT, ("",), "Text"),
    (L.TEXT, ("", "a"), "(a)"),
])
def test_format_label(style, path, label):
    assert L.format_label(style, path) == label


@pytest.mark.parametrize("label, number", [
    ("s. 360C(1)(a)", "360C"), ("§ 7102(11)", "7102"), ("Art. 4(2)", "4"), ("279.01(1)", "279.01"),
    ("s. 279.01(1)", "279.01"), ('s. 2 "child"', "2"), ("Article 12", "12"), ("Art. 177 bis(1)", "177 bis"),
    ("Art. 225-4-1", "225-4-1"), ("§ 1101(a)(15)(T)(i)(III)(cc)", "1101"), ("Preamble", "Preamble"), ("", ""),
    ("s. 370 Expl. 1", "370"), ("reg. 2.20A(3)", "2.20A"), ("s. 271.7F(1)", "271.7F"),
    ("Art. 127.1 Note 2", "127.1"), ("Art. 127.1(2)(e)", "127.1"), ("§ 20A-5-1(a)(2)(F)", "20A-5-1"),
    ("§ 18.2-357.1(A)", "18.2-357.1"),
])
def test_main_number(label, number):
    assert L.main_number(label) == number


@pytest.mark.parametrize("label", ["Preamble", "Long title", "Enacting formula"])
def test_front_matter_is_non_operative(label):
    assert L.is_non_operative(label)
    assert not L.is_non_operative("s. 1")


@pytest.mark.parametrize("smaller, larger", [
    ("2", "2A"), ("2A", "2B"), ("2B", "3"), ("279.01", "279.011"), ("279.011", "279.02"), ("177", "177 bis"),
    ("177 bis", "177 ter"), ("177 ter", "178"), ("225-4", "225-4-1"), ("225-4-1", "225-5"), ("7105", "7105a"),
    ("9", "10"), ("IV", "V"), ("270.1", "270.1A"), ("270.1A", "270.2"), ("271.7", "271.7F"), ("271.7F", "271.8"),
    ("2.20A", "2.20B"), ("224-1 A", "224-1 B"), ("224-1 B", "224-2"), ("706-3", "L. 425-1"), ("L. 741-1", "R. 425-1"),
    ("R. 425-8", "D. 1"),
    # dot-inserted articles of post-Soviet codes
    ("127", "127.1"), ("127.1", "127.2"), ("127.2", "128"),
    # U.S. state codes: title-article-section, title.subtitle-section, decimals
    ("20A-5-1", "20A-5-2"), ("20A-5-9", "20A-5-10"), ("20A-5-14", "20B-1-1"), ("18.2-357", "18.2-357.1"),
    ("18.2-357.1", "18.2-358"), ("39-13-307", "39-13-308"), ("13-1307", "13-1308"), ("787.06", "787.061"),
    # a lettered chapter after the plain one: Texas "Sec. 20.05" then "Sec. 20A.01"
    ("20.05", "20A.01"), ("20A.01", "20A.02"), ("20A.02", "21.01"), ("2.1", "2A"),
])
def test_section_numbers_increase(smaller, larger):
    assert L.section_key(smaller) < L.section_key(larger)
    if not (L.has_fraction_decimals(smaller) or L.has_fraction_decimals(larger)):
        assert L.section_key(smaller, integer_decimals=True) < L.section_key(larger, integer_decimals=True)


@pytest.mark.parametrize("smaller, larger, integer", [
    ("271.8", "271.10", True), ("271.9", "271.11", True), ("83.11", "83.2", False), ("279.011", "279.02", False),
    ("83.1", "83.11", True), ("83.1", "83.11", False),
])
def test_decimal_parts_as_integers_or_fractions(smaller, larger, integer):
    assert L.section_key(smaller, integer_decimals=integer) < L.section_key(larger, integer_decimals=integer)


def test_any_two_keys_compare():
    """Keys are tuples of numbers: a decimal part read as a fraction and an integer part never
    make the comparison fail (the segmenter sorts every candidate of a document)."""
    numbers = ["12.3.4", "12.3-4", "12", "12A", "12 bis", "L. 12-1", "IV", "premier", "12.01", "20A-5-3"]
    keys = [L.section_key(n) for n in numbers] + [L.section_key(n, True) for n in numbers]
    assert len(sorted(keys)) == len(keys)


@pytest.mark.parametrize("smaller, larger", [("787.025", "787.06"), ("787.061", "787.07"), ("83.1", "83.10")])
def test_decimal_parts_as_fractions_keep_digit_order(smaller, larger):
    assert L.section_key(smaller) < L.section_key(larger)


@pytest.mark.parametrize("number, fraction", [("279.01", True), ("83.011", True), ("271.10", False), ("12", False)])
def test_leading_zero_means_fraction(number, fraction):
    assert L.has_fraction_decimals(number) is fraction


def test_regulation_labels():
    assert L.format_label(L.REGULATION, ("2.20A", "3")) == "reg. 2.20A(3)"
    assert L.main_number("reg. 2.20A(3)") == "2.20A"


@pytest.mark.parametrize("token, value", [("i", 1), ("iv", 4), ("ix", 9), ("xiv", 14), ("XL", 40), ("xxxix", 39),
                                          ("iiii", None), ("vx", None), ("a", None), ("", None)])
def test_roman_value(token, value):
    assert L.roman_value(token) == value


@pytest.mark.parametrize("token, bracket, kinds", [
    ("i", "()", {"lroman", "lower"}), ("ii", "()", {"lroman", "dlower", "lower"}), ("iv", "()", {"lroman"}),
    ("aa", "()", {"dlower", "lower"}), ("ba", "()", {"lower"}), ("1A", "()", {"digit"}), ("a", ")", {"lower"}),
    ("1", ".", {"digitdot"}), ("II", ".", {"uromandot"}), ("1", "°", {"digitdeg"}), ("the", "()", set()),
    ("A", ".", {"upperdot"}), ("I", ".", {"uromandot", "upperdot"}), ("б", ")", {"cyr"}),
    ("е", ")", {"cyr", "lower"}),
])
def test_marker_readings(token, bracket, kinds):
    assert {r.kind for r in L.readings(token, bracket)} == kinds


def test_successors():
    a, b, ba, c = (L.readings(t, "()")[-1] for t in ("a", "b", "ba", "c"))
    assert L.is_successor(a, b) and L.is_successor(b, ba) and L.is_successor(ba, c)
    assert not L.is_successor(a, c) and L.gap_after(a, c) == 1


def _reading(token: str, kind: str) -> L.Reading:
    return next(r for r in L.readings(token, ")") if r.kind == kind)


@pytest.mark.parametrize("token, kind, base", [("а", "cyr", 1), ("б", "cyr", 2), ("е", "cyr", 6), ("и", "cyr", 9),
                                              ("к", "cyr", 10), ("е", "lower", 5), ("с", "lower", 3)])
def test_cyrillic_items(token, kind, base):
    assert _reading(token, kind).base == base


def test_cyrillic_letters_that_look_latin():
    assert L.latin_letter("е") == "e" and L.latin_letter("б") == "б"
    assert L.is_cyrillic_only("б") and not L.is_cyrillic_only("а") and not L.is_cyrillic_only("b")
