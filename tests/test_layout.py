"""Layout analysis over positioned text (pure functions, no PDF needed).

Pages are described as chunks (x0, top, x1, bottom, text, size) in points,
as the engines produce them.
"""

from __future__ import annotations

import pytest

from gapcheck.extractors.layout import (
    Chunk,
    PageText,
    RawPage,
    analyse_pages,
    assemble,
    find_gutter,
    furniture_key,
    group_rows,
    is_page_number,
    merge_words,
    page_regions,
    split_footnotes,
)
from gapcheck.extractors.normalize import hyphen_decision, join_hyphenated, normalize_line

PAGE_W, PAGE_H = 595.0, 842.0


def line(x0: float, top: float, text: str, size: float = 10.0, width: float | None = None) -> Chunk:
    """A chunk of ``text`` set at about half an em per character."""
    w = width if width is not None else 0.5 * size * len(text)
    return Chunk(x0, top, x0 + w, top + size, text, size)


def body(top: float, texts: list[str], x0: float = 72, pitch: float = 14, size: float = 10) -> list[Chunk]:
    return [line(x0, top + i * pitch, t, size) for i, t in enumerate(texts)]


PROSE = [
    "Any person who recruits, transports, transfers, harbours or receives a person",
    "by means of the threat or use of force or other forms of coercion, of abduction,",
    "of fraud, of deception, of the abuse of power or of a position of vulnerability",
    "for the purpose of exploitation commits the offence of trafficking in persons",
    "and shall be liable on conviction to imprisonment for a term of twenty years.",
    "The consent of a victim to the intended exploitation shall be irrelevant where",
]


# ------------------------------------------------------------------ rows

def test_rows_group_chunks_on_one_baseline_left_to_right():
    rows = group_rows([line(300, 100, "second"), line(72, 101, "first"), line(72, 120, "next line")])
    assert [r.text for r in rows] == ["first second", "next line"]


def test_overprinted_duplicate_is_dropped():
    heading = line(72, 100, "12. Offence of trafficking.")
    rows = group_rows([heading, heading._replace(x0=72.3, x1=heading.x1 + 0.3)])
    assert [r.text for r in rows] == ["12. Offence of trafficking."]


def test_same_word_twice_on_a_line_is_not_a_duplicate():
    rows = group_rows([line(72, 100, "or"), line(140, 100, "or")])
    assert rows[0].text == "or or"


@pytest.mark.parametrize("marker, kept", [("2", False), ("*", False), ("th", True)])
def test_raised_small_markers_are_dropped_but_ordinals_kept(marker, kept):
    main = Chunk(72, 100, 200, 112, "the whole of", 12)
    sup = Chunk(201, 97, 205, 103, marker, 7)
    rest = Chunk(206, 100, 300, 112, "[the Punjab].", 12)
    text = group_rows([main, sup, rest])[0].text
    assert (marker in text.split("[")[0]) is kept


def test_marker_in_the_same_font_size_is_kept():
    """An asterisk of an elision ("[* * *]") is raised by its shape, not by its font."""
    rows = group_rows([Chunk(72, 100, 90, 112, "[*", 12), Chunk(100, 100, 104, 104, "*", 12),
                       Chunk(110, 100, 120, 112, "*]", 12)])
    assert rows[0].text == "[* * *]"


def test_merge_words_joins_words_and_keeps_touching_capitals_together():
    words = [Chunk(72, 100, 80, 110, "A", 10), Chunk(80.2, 102, 85, 110, "N", 7), Chunk(88, 100, 110, 110, "ACT", 10),
             Chunk(300, 100, 330, 110, "apart", 10)]
    assert [c.text for c in merge_words(words)] == ["AN ACT", "apart"]


# -------------------------------------------------- headers, footers, numbers

@pytest.mark.parametrize("text, number", [
    ("12", True), ("- 12 -", True), ("Page 3", True), ("3 of 40", True), ("xiv", True),
    ("(iii)", False), ("(2)", False), ("12. Offence", False), ("2021", True),
])
def test_page_number_rows(text, number):
    assert is_page_number(text) is number


def test_header_key_ignores_page_number_and_its_side():
    assert furniture_key("2   Convention on Preventing and Combating") == furniture_key(
        "Convention on Preventing and Combating   3")
    assert furniture_key("Sentence 4: whoever recruits a child") != furniture_key("Sentence 9: whoever abducts a child")


def running_header_pages(n: int) -> list[RawPage]:
    pages = []
    for i in range(1, n + 1):
        if i % 2:
            head = [line(72, 30, "Prevention of Trafficking Act, No. 9 of 2021", 8), line(520, 30, str(i), 8)]
        else:
            head = [line(72, 30, str(i), 8), line(330, 30, "Prevention of Trafficking Act, No. 9 of 2021", 8)]
        foot = [line(280, 800, f"- {i} -", 8)]
        if i % 2:
            foot.append(line(220, 780, "Printed by the Government Printer", 8))
        text = [f"{PROSE[(i + k) % len(PROSE)]} (clause {'abcdefgh'[i]}{'pqrs'[k]})" for k in range(4)]
        pages.append(RawPage(i, PAGE_W, PAGE_H, head + body(90, text) + foot))
    return pages


def test_running_headers_footers_and_page_numbers_are_removed():
    pages = analyse_pages(running_header_pages(6))
    text = "\n".join(line for p in pages for line in p.lines)
    assert "Prevention of Trafficking Act" not in text
    assert "Printed by the Government Printer" not in text
    assert all(len(p.lines) == 4 for p in pages)
    assert pages[0].lines[0].startswith("Any person") or pages[0].lines[0].startswith("by means")


def test_headers_of_a_book_page_printed_in_the_middle_of_a_sheet():
    """The Sri Lankan Companies Act: a 6 x 9 in. page centred on A4, its
    running header 170 pt below the top of the sheet."""
    pages = []
    for i in range(1, 7):
        head = [line(120, 170, f"{270 + i} Companies Act, No. 07 of 2007", 9)]
        text = [f"{PROSE[(i + k) % len(PROSE)]} (item {'abcdefgh'[i]}{'pqrs'[k]})" for k in range(4)]
        pages.append(RawPage(i, PAGE_W, PAGE_H, head + body(205, text, x0=120)))
    pages.append(RawPage(7, PAGE_W, PAGE_H, [line(120, 170, "277 Companies Act, No. 07 of 2007", 9),
                                              line(120, 205, "The end of the Act.")]))
    read = analyse_pages(pages)
    assert all(len(p.lines) == 4 for p in read[:6])
    assert read[6].lines == ["The end of the Act."]  # a sparse page loses its header too


def test_a_line_repeated_on_few_pages_is_not_a_header():
    pages = running_header_pages(6)
    # the same first line of body on two pages only: text, not furniture
    pages[2].chunks.append(line(72, 60, "PART II", 10))
    pages[4].chunks.append(line(72, 60, "PART II", 10))
    text = [line for p in analyse_pages(pages) for line in p.lines]
    assert text.count("PART II") == 2


# -------------------------------------------------------------- footnotes

def test_footnotes_at_the_foot_in_smaller_type_are_set_aside():
    chunks = body(90, PROSE, size=12) + [
        Chunk(72, 760, 76, 764, "1", 6), Chunk(78, 761, 400, 769, "This Act received assent on 11 March 1992.", 8),
        Chunk(72, 772, 400, 780, "2 Substituted by the Amendment Act 2012.", 8),
    ]
    rows, foot = split_footnotes(group_rows(chunks))
    assert [r.text for r in rows] == PROSE
    assert len(foot) == 2


def test_small_last_line_without_marker_stays():
    chunks = body(90, PROSE, size=12) + [Chunk(72, 700, 300, 708, "Dated this day of 2020.", 8)]
    rows, foot = split_footnotes(group_rows(chunks))
    assert foot == []


# ---------------------------------------------------------------- regions

def test_margin_line_numbers_are_removed():
    text = [f"{PROSE[i % 6]} {i}" for i in range(1, 21)]
    chunks = body(80, text, x0=90, pitch=15)
    chunks += [line(50, 80 + (i - 1) * 15, str(i), 9) for i in range(5, 21, 5)]
    regions = page_regions(chunks, PAGE_W)
    assert regions.line_numbers == 4
    assert sorted(c.text for c in regions.body) == sorted(text)


@pytest.mark.parametrize("side", ["left", "right"])
def test_margin_notes_on_either_side(side):
    body_x, note_x = (170, 60) if side == "left" else (72, 490)
    chunks = body(100, PROSE, x0=body_x)
    chunks += [line(note_x, 100, "Offence of", 8), line(note_x, 109, "trafficking.", 8), line(note_x, 156, "Penalty.", 8)]
    regions = page_regions(chunks, PAGE_W)
    assert regions.kind == "notes"
    assert sorted(c.text for c in regions.notes) == ["Offence of", "Penalty.", "trafficking."]


def test_notes_face_the_line_they_are_printed_beside():
    chunks = body(100, ["1. This Act may be cited as the Test Act.", "2. " + PROSE[0]] + PROSE[1:], x0=170)
    chunks += [line(60, 100, "Short title.", 8), line(60, 114, "Offence of traffick-", 8), line(60, 123, "ing.", 8)]
    # the second note is printed beside the second body line, the start of section 2
    pages = analyse_pages([RawPage(1, PAGE_W, PAGE_H, chunks)])
    assert pages[0].notes == [(0, "Short title."), (1, "Offence of trafficking.")]


def test_labels_hanging_in_the_margin_are_not_notes():
    labels = ["(a)", "(b)", "(c)", "(d)", "(e)", "(f)"]
    chunks = [line(72, 100 + 14 * i, lab) for i, lab in enumerate(labels)] + body(100, PROSE, x0=110)
    regions = page_regions(chunks, PAGE_W)
    assert regions.kind == "single"
    pages = analyse_pages([RawPage(1, PAGE_W, PAGE_H, chunks)])
    assert pages[0].lines[0] == f"(a) {PROSE[0]}"


def test_two_columns_read_column_by_column_under_a_full_width_title():
    left = [f"left {i} " + PROSE[i % 6][:40].strip() for i in range(12)]
    right = [f"right {i} " + PROSE[i % 6][:40].strip() for i in range(12)]
    chunks = [line(60, 60, "CHAPTER 78 - TRAFFICKING VICTIMS PROTECTION AND PREVENTION OF SLAVERY", 11, width=470)]
    chunks += [line(60, 90 + 13 * i, t, 10, width=220) for i, t in enumerate(left)]
    chunks += [line(315, 90 + 13 * i, t, 10, width=220) for i, t in enumerate(right)]
    pages = analyse_pages([RawPage(1, PAGE_W, PAGE_H, chunks)])
    assert pages[0].layout == "columns"
    assert pages[0].lines == ["CHAPTER 78 - TRAFFICKING VICTIMS PROTECTION AND PREVENTION OF SLAVERY"] + left + right


def test_last_page_with_one_line_in_the_right_column():
    left = [f"left {i} " + PROSE[i % 6][:40].strip() for i in range(12)]
    chunks = [line(60, 90 + 13 * i, t, 10, width=220) for i, t in enumerate(left)]
    chunks.append(line(315, 90, "fulfil the obligations under such part.", 10, width=200))
    pages = analyse_pages([RawPage(1, PAGE_W, PAGE_H, chunks)])
    assert pages[0].lines == left + ["fulfil the obligations under such part."]


def test_no_gutter_in_plain_prose():
    assert find_gutter(body(100, PROSE * 2), 8.0) is None


# ------------------------------------------------------------ assembling

def test_pages_are_contiguous_spans_ending_at_line_boundaries():
    pages = [PageText(1, ["first line", "second"]), PageText(2, []), PageText(3, ["third"])]
    out = assemble(pages)
    assert out.text == "first line\nsecond\nthird\n"
    assert out.spans == [(0, 18), (18, 18), (18, 24)]


def test_hyphenation_repaired_across_pages_and_notes_keep_their_line():
    pages = [PageText(1, ["the traf-"]), PageText(2, ["ficking of persons", "2. Penalty"], notes=[(1, "Penalty.")])]
    out = assemble(pages)
    assert out.text == "the trafficking\nof persons\n2. Penalty\n"
    assert out.notes == [(out.text.index("2. Penalty"), 2, "Penalty.")]


# ------------------------------------------------------------ hyphenation

@pytest.mark.parametrize("lines, expected", [
    (["in the traf-", "ficking of persons"], ["in the trafficking", "of persons"]),
    (["the anti-", "trafficking unit"], ["the anti-trafficking", "unit"]),
    (["and non-", "governmental bodies"], ["and non-governmental", "bodies"]),
    (["the Attorney-", "General shall"], ["the Attorney-General", "shall"]),
    (["any self-", "employed person"], ["any self-employed", "person"]),
    (["shall co-", "operate"], ["shall co-operate"]),
    (["certain conven-", "tion States"], ["certain convention", "States"]),
    (["from 1991-", "1992 the"], ["from 1991-", "1992 the"]),
    (["the end —", "next"], ["the end —", "next"]),
    (["a list -", "item"], ["a list -", "item"]),
    (["the (traf-", "ficking)."], ["the (trafficking)."]),
])
def test_join_hyphenated(lines, expected):
    assert join_hyphenated(lines) == expected


def test_the_document_decides_between_compound_and_broken_word():
    vocabulary = {"decision-making", "undertaking", "cross-border"}
    assert hyphen_decision("decision", "making", vocabulary) is False
    assert hyphen_decision("under", "taking", vocabulary) is True
    assert hyphen_decision("with", "out", set()) is True


@pytest.mark.parametrize("raw, clean", [
    ("of\ufb01ce and tra\ufb03c", "office and traffic"),
    ("the conven\ufffe", "the conven-"),
    ("traf\u00ad", "traf-"),
    ("a\u00a0b\u2003 c\t", "a b c"),
    ("zero\u200bwidth", "zerowidth"),
])
def test_normalize_line(raw, clean):
    assert normalize_line(raw) == clean
