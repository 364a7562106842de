"""Property tests of the checklist engine and its evidence (issue 8).

Whatever the text (random, adversarial, or statute-shaped and full of the
checklist's vocabulary), segmenting and judging never raise; every item of the
checklist gets a finding, in order, with a valid status; every ``met`` or
``partial`` finding quotes evidence and every ``gap`` says what was searched;
and every evidence quote is found (modulo whitespace) in the provision it
cites and in the document's text from the page it cites. The segmenter's own
properties are in ``test_segment_properties.py``.
"""

from __future__ import annotations

import time

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from gapcheck.checklists import judge, load_checklist  # noqa: E402
from gapcheck.extractors.normalize import normalize_text  # noqa: E402
from gapcheck.extractors.segment import segment  # noqa: E402
from gapcheck.models import STATUSES, Document, Page  # noqa: E402

CHECKLIST = load_checklist()

# statute-shaped pieces carrying the vocabulary the items look for, so that the
# generator reaches the deciders (offence, acts, means, purposes, consent,
# children, residence, return, non-punishment …) and not only "gap"
PIECES = [
    "1. ", "2. ", "3. (1) ", "(2) ", "(a) ", "(b) ", "(i) ", "Article 4 ", "§ 102. ", "Section 5. ",
    "In this Act— ", "“child” means a person under the age of eighteen years; ", "\"exploitation\" includes ",
    "Whoever ", "A person who ", "recruits, transports, transfers, harbours or receives ", "a person ",
    "by means of force, threat, fraud, deception, coercion, abduction, ",
    "abuse of power or of a position of vulnerability, ", "or the giving or receiving of payments or benefits ",
    "for the purpose of exploitation ", "prostitution of others, forced labour, slavery, servitude, ",
    "removal of organs ", "commits the offence of trafficking in persons ", "and is liable to imprisonment ",
    "shall be punished ", "shall ", "may ", "shall not ", "The consent of a victim is irrelevant. ",
    "where any of the means has been used. ", "into or out of the country ", "across the border ",
    "an organised criminal group ", "women and children ", "any person ", "a child ", "sixteen years ",
    "A victim shall not be prosecuted or detained for offences committed as a direct result of being trafficked. ",
    "for immigration offences ", "A reflection period of 30 days ", "of not less than ninety days ",
    "a temporary residence permit ", "if the victim cooperates with the authorities ",
    "shall be repatriated ", "with due regard for safety ", "voluntarily ", "risk of retaliation ",
    "compensation ", "restitution ", "civil action ", "debt bondage ", "forced marriage ", "begging ",
    "Human trafficking.— ", "PART II\n", "; or\n", ";\n", ".\n", "\n", "\n\n", " — ", "(", ")", "“", "”",
]


def _some(options: list[str], joiner: str = ", ", last: str = " or ") -> st.SearchStrategy[str]:
    def join(items: list[str]) -> str:
        return items[0] if len(items) == 1 else joiner.join(items[:-1]) + last + items[-1]
    return st.lists(st.sampled_from(options), min_size=1, max_size=len(options), unique=True).map(join)


MODAL = st.sampled_from(["shall", "may", "must", "shall not", "may not"])
ACTS = _some(["recruits", "transports", "transfers", "harbours", "receives", "sells", "buys", "obtains"])
MEANS = _some(["force", "threat", "fraud", "deception", "coercion", "abduction", "abuse of power",
               "abuse of a position of vulnerability", "the giving of payments or benefits"])
PURPOSES = _some(["prostitution of others", "sexual exploitation", "forced labour or services", "slavery",
                  "practices similar to slavery", "servitude", "the removal of organs", "forced marriage",
                  "begging", "debt bondage"])
OBJECTS = st.sampled_from(["a person", "another person", "a child", "a woman or child", "any person",
                           "a foreign national"])
NUMBER = st.integers(1, 400).map(str)
CLAUSES = st.one_of(
    st.builds(lambda n, a, o, m, p, w: f"{n}. Whoever {a} {o}{m} for the purpose of {p}{w} commits the offence of "
                                        "trafficking in persons and is liable to imprisonment for twenty years.",
              NUMBER, ACTS, OBJECTS, st.one_of(st.just(""), MEANS.map(lambda m: f" by means of {m}")), PURPOSES,
              st.sampled_from(["", " across the border", " into or out of the country",
                               " as a member of an organised criminal group"])),
    st.builds(lambda n, age: f"{n}. In this Act, “child” means a person under the age of {age} years;",
              NUMBER, st.sampled_from(["sixteen", "eighteen", "18", "fourteen"])),
    st.builds(lambda m, c: f"The consent of a victim to the intended exploitation {m} be irrelevant{c}.", MODAL,
              st.sampled_from(["", " where any of the means set forth has been used", " if the victim is a child"])),
    st.builds(lambda m, d, s: f"A victim of trafficking {m} not be {d} for {s} committed as a direct result of "
                              "having been trafficked.",
              MODAL, st.sampled_from(["prosecuted", "detained", "punished", "prosecuted, detained or punished"]),
              st.sampled_from(["immigration offences", "any offence", "prostitution", "unlawful acts"])),
    st.builds(lambda m, t, c: f"The Minister {m} grant a {t}residence permit to a victim of trafficking{c}.",
              MODAL, st.sampled_from(["", "temporary ", "permanent "]),
              st.sampled_from(["", " who cooperates with the authorities in the investigation",
                               " on humanitarian grounds"])),
    st.builds(lambda m, d: f"A foreign victim {m} be granted a reflection and recovery period of {d} days.",
              MODAL, st.sampled_from(["30", "thirty", "ninety", "15", "sixty (60)"])),
    st.builds(lambda m, v: f"The return of a victim to the country of origin {m} be {v} with due regard for the "
                           "safety of the person and the risk of retaliation.",
              MODAL, st.sampled_from(["voluntary and", "carried out", "preferably voluntary and"])),
    st.builds(lambda m: f"A victim {m} be entitled to compensation and restitution from the offender.", MODAL),
)
statute_text = st.lists(st.one_of(CLAUSES, CLAUSES, st.sampled_from(PIECES), st.text(max_size=10)),
                        min_size=1, max_size=30).map(lambda parts: "\n".join(parts))
any_text = st.text(max_size=600)
# characters that stress regular expressions, tokenisers and offset arithmetic
odd_text = st.lists(st.sampled_from(list(
    "aeiou AEIOU.,;:—–-()[]\"“”'‘’§°\n\t\u00a0\u2028\u200b\ufeff\u0301\U0001f600ﬁ٣１Ⅳ") + ["shall ", "may "]),
    max_size=300).map("".join)


def make(name: str, text: str, n_pages: int) -> Document:
    """A Document as the text reader builds it: normalised, cut into pages at line ends."""
    text = normalize_text(text)
    if text and not text.endswith("\n"):
        text += "\n"
    lines = text.splitlines(keepends=True)
    per = max(1, -(-len(lines) // max(n_pages, 1)))
    pages, offset = [], 0
    for k in range(0, max(len(lines), 1), per):
        chunk = "".join(lines[k:k + per])
        pages.append(Page(len(pages) + 1, offset, offset + len(chunk)))
        offset += len(chunk)
    return Document(path=name, name=name, sha256="", text=text, pages=tuple(pages))


def norm(text: str) -> str:
    return " ".join(text.split())


def check(documents: list[Document]) -> None:
    segmented = [(d, segment(d)) for d in documents]
    findings = judge(CHECKLIST, segmented)
    assert [f.item_id for f in findings] == [i.id for i in CHECKLIST.items]
    by_name = {d.name: (d, provs) for d, provs in segmented}
    for f in findings:
        assert f.status in STATUSES
        if f.status in ("met", "partial"):
            assert f.evidence, f"{f.item_id} is {f.status} without evidence"
        else:
            assert f.searched, f"{f.item_id} is a gap without saying what was searched"
        for ev in f.evidence:
            assert ev.quote.strip(), f.item_id
            document, provisions = by_name[ev.document]
            quote = norm(ev.quote)
            cited = [p for p in provisions if p.label == ev.provision]
            assert any(quote in norm(p.text) for p in cited), (f.item_id, ev.provision, ev.quote)
            page = next(p for p in document.pages if p.number == ev.page)
            # found in the document's text from its page on, starting on that page (it may run on to the next)
            at = norm(document.text[page.start:]).find(quote)
            assert 0 <= at <= len(norm(document.text[page.start:page.end])), (f.item_id, ev.page, ev.quote)


SETTINGS = settings(max_examples=100, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(statute_text, st.integers(1, 4))
def test_statute_shaped_text(text, n_pages):
    check([make("act.txt", text, n_pages)])


@SETTINGS
@given(statute_text, statute_text)
def test_two_documents_judged_together(a, b):
    check([make("act.txt", a, 2), make("code.txt", b, 1)])


@SETTINGS
@given(any_text, st.integers(1, 3))
def test_arbitrary_text(text, n_pages):
    check([make("x.txt", text, n_pages)])


@SETTINGS
@given(odd_text)
def test_odd_characters(text):
    check([make("odd.txt", text, 2)])


def test_unnormalised_text_does_not_raise():
    """Text that skipped normalisation (as a library caller might pass) is judged without error."""
    raw = "1. Whoever\u00adrecruits\x00 a ﬁ child\r\nby force\u200b for exploitation shall be punished.\x1b[2J"
    doc = Document(path="raw", name="raw", sha256="", text=raw, pages=(Page(1, 0, len(raw)),))
    judge(CHECKLIST, [(doc, segment(doc))])


@pytest.mark.parametrize("text", [
    "trafficking " * 20_000,
    "1. Whoever recruits " + "by force, " * 20_000 + "commits trafficking.",
    "“child” means " * 10_000,
    ("shall " * 5 + "may " * 5) * 5_000,
    "(a) " * 30_000,
    "1. " + "x" * 300_000 + " trafficking in persons shall be punished.",
])
def test_adversarial_text_is_judged_in_bounded_time(text):
    started = time.perf_counter()
    check([make("big.txt", text, 3)])
    assert time.perf_counter() - started < 30
