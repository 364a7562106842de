"""Segmentation into labelled provisions: drafting styles, headings, definitions,
amending acts, tables of contents, front matter, schedules, cross-references.

Each case is a short passage written the way statutes print it (one printed line
per line); the expected labels are what a lawyer would cite.
"""

from __future__ import annotations

import pytest

from gapcheck.extractors.labels import is_non_operative
from gapcheck.extractors.segment import segment
from gapcheck.models import Document, MarginNote, Page


def doc(text: str, lines_per_page: int = 0, notes: tuple[MarginNote, ...] = ()) -> Document:
    """A Document of ``text``; with ``lines_per_page`` the text is cut into pages."""
    pages = []
    if lines_per_page:
        lines = text.split("\n")
        offset = 0
        for k in range(0, len(lines), lines_per_page):
            chunk = "\n".join(lines[k:k + lines_per_page])
            if k + lines_per_page < len(lines):
                chunk += "\n"
            pages.append(Page(len(pages) + 1, offset, offset + len(chunk)))
            offset += len(chunk)
    else:
        pages.append(Page(1, 0, len(text)))
    return Document(path="act.txt", name="act.txt", sha256="", text=text, pages=tuple(pages), margin_notes=notes)


def labels(text: str) -> list[str]:
    return [p.label for p in segment(doc(text))]


def by_label(text: str) -> dict:
    return {p.label: p for p in segment(doc(text))}


# ------------------------------------------------------------------ labels per style

STYLES = [
    pytest.param(
        "2. (1) Any person who—\n(a) recruits a person; or\n(b) harbours a person,\ncommits an offence.\n"
        "(2) Any person who attempts to commit an offence under subsection (1) is guilty.\n"
        "(3) (a) The Court may order compensation.\n(b) The compensation is paid to the victim.\n",
        ["s. 2(1)", "s. 2(1)(a)", "s. 2(1)(b)", "s. 2(2)", "s. 2(3)(a)", "s. 2(3)(b)"],
        id="commonwealth-subsections"),
    pytest.param(
        "25. A trafficked person shall not be liable to criminal prosecution in respect of—\n"
        "(a) his illegal entry into the receiving country;\n(b) his unlawful residence; or\n"
        "(c) his possession of any fraudulent travel document.\n",
        ["s. 25", "s. 25(a)", "s. 25(b)", "s. 25(c)"], id="chapeau-is-its-own-provision"),
    pytest.param(
        "369A. Human trafficking.—Whoever involves himself in human trafficking shall be punished.\n"
        "370. Buying or disposing of any person as a slave.—Whoever imports any person shall be punished.\n",
        ["s. 369A", "s. 370"], id="alphanumeric-section"),
    pytest.param(
        "§ 1591. Sex trafficking of children or by force, fraud, or coercion\n(a) Whoever knowingly\n"
        "(1) in or affecting interstate commerce, recruits a person; or\n(2) benefits from participation,\n"
        "shall be punished as provided in subsection (b).\n(b) The punishment for an offense is\n"
        "(1) if the offense was effected by force, imprisonment for life; and\n",
        ["§ 1591(a)", "§ 1591(a)(1)", "§ 1591(a)(2)", "§ 1591(b)", "§ 1591(b)(1)"], id="us-code"),
    pytest.param(
        "§ 1101. Definitions\n(a) As used in this chapter—\n(15) The term “immigrant” means every alien except—\n"
        "(S) an alien who is a witness; or\n(T)\n(i) an alien who the Secretary determines\n(I) is or has been a victim of trafficking;\n"
        "(II) is physically present in the United States;\n(III)\n(aa) has complied with any reasonable request;\n"
        "(bb) is unable to cooperate; or\n(cc) has not attained 18 years of age; and\n"
        "(IV) would suffer extreme hardship; and\n(ii) if accompanying the alien described in clause\n"
        "(i), the spouse;\n(16) The term “immigrant visa” means a visa.\n",
        ["§ 1101(a)", "§ 1101(a)(15)", "§ 1101(a)(15)(S)", "§ 1101(a)(15)(T)(i)", "§ 1101(a)(15)(T)(i)(I)", "§ 1101(a)(15)(T)(i)(II)",
         "§ 1101(a)(15)(T)(i)(III)(aa)", "§ 1101(a)(15)(T)(i)(III)(bb)", "§ 1101(a)(15)(T)(i)(III)(cc)",
         "§ 1101(a)(15)(T)(i)(IV)", "§ 1101(a)(15)(T)(ii)", "§ 1101(a)(16)"],
        id="us-deep-nesting"),
    pytest.param(
        "Article 4 — Definitions\nFor the purposes of this Convention:\na) “Trafficking in human beings” shall mean "
        "the recruitment of persons;\nb) The consent of a victim shall be irrelevant;\n"
        "Article 13 — Recovery and reflection period\n1. Each Party shall provide a recovery period of 30 days.\n"
        "2. During this period, the persons shall be entitled to assistance.\n",
        ["Art. 4", "Art. 4(a)", "Art. 4(b)", "Art. 13(1)", "Art. 13(2)"], id="convention-articles"),
    pytest.param(
        "Article 12\nTrafficking in persons\n(1) Whoever recruits a person for exploitation shall be punished.\n"
        "(2) The attempt is punishable.\nArticle 13\nDebt bondage\nWhoever keeps a person in debt bondage shall be "
        "punished.\n",
        ["Art. 12(1)", "Art. 12(2)", "Art. 13"], id="article-heading-on-next-line"),
    pytest.param(
        "279.01 (1) Every person who recruits a person for the purpose of exploiting them commits an offence.\n"
        "(2) No consent is valid.\n279.011 (1) Every person who recruits a child commits an offence.\n"
        "279.04 (2) In determining whether an accused exploits another person, the Court may consider whether the "
        "accused—\n(a) used or threatened to use force;\n(b) used deception.\n",
        ["s. 279.01(1)", "s. 279.01(2)", "s. 279.011(1)", "s. 279.04(2)", "s. 279.04(2)(a)", "s. 279.04(2)(b)"],
        id="canadian-decimal"),
    pytest.param(
        "Article 225-4-1\nI. - La traite des êtres humains est le fait de recruter une personne:\n"
        "1° Soit avec l'emploi de menace;\n2° Soit par abus d'autorité.\nII. - La traite est punie.\n"
        "Article 225-4-2\nL'infraction est punie de dix ans.\n",
        ["Art. 225-4-1(I)", "Art. 225-4-1(I)(1)", "Art. 225-4-1(I)(2)", "Art. 225-4-1(II)", "Art. 225-4-2"],
        id="french-code"),
    pytest.param(
        "Artículo 177 bis.\n1. Será castigado con la pena de prisión el que captare a una persona:\n"
        "a) La imposición de trabajo forzado.\nb) La explotación sexual.\n2. Aun cuando no se recurra a medios.\n"
        "Artículo 178.\nLa pena será de multa.\n",
        ["Art. 177 bis(1)", "Art. 177 bis(1)(a)", "Art. 177 bis(1)(b)", "Art. 177 bis(2)", "Art. 178"],
        id="spanish-bis"),
]


@pytest.mark.parametrize("text, expected", STYLES)
def test_labels_per_drafting_style(text, expected):
    assert labels(text) == expected


# ------------------------------------------------------------------ roman numerals and letters

LETTERS = "".join(f"({c}) item {c};\n" for c in "abcdefgh")
ROMAN = [
    pytest.param(LETTERS + "(i) item i;\n(j) item j.\n", [f"({c})" for c in "abcdefghij"],
                 id="i-after-h-is-a-letter"),
    pytest.param("(a) one—\n(i) first;\n(ii) second;\n(b) two.\n", ["(a)", "(a)(i)", "(a)(ii)", "(b)"],
                 id="i-under-a-is-roman"),
    pytest.param(LETTERS.replace("item h;", "item h—") + "(i) first;\n(ii) second;\n(i) item i.\n",
                 [f"({c})" for c in "abcdefgh"] + ["(h)(i)", "(h)(ii)", "(i)"], id="i-after-h-then-ii-is-roman"),
    pytest.param("".join(f"({c}) item {c};\n" for c in "abcdefghijklmnopqrstuvw"),
                 [f"({c})" for c in "abcdefghijklmnopqrstuvw"], id="v-and-x-in-a-long-list-are-letters"),
    pytest.param("(a) a—\n(i) i;\n(ii) ii;\n(iii) iii;\n(iv) iv;\n(v) v;\n(b) b.\n",
                 ["(a)", "(a)(i)", "(a)(ii)", "(a)(iii)", "(a)(iv)", "(a)(v)", "(b)"], id="v-after-iv-is-roman"),
    pytest.param("(1) one;\n(1A) inserted;\n(2) two;\n", ["(1)", "(1A)", "(2)"], id="inserted-subsection"),
    pytest.param("(a) ay;\n(b) bee;\n(ba) inserted;\n(c) see;\n", ["(a)", "(b)", "(ba)", "(c)"],
                 id="inserted-paragraph"),
]


@pytest.mark.parametrize("body, expected", ROMAN)
def test_roman_numerals_and_letters_by_context(body, expected):
    got = labels("5. The Minister may make rules for—\n" + body)
    assert got == ["s. 5"] + [f"s. 5{e}" for e in expected]


# ------------------------------------------------------------------ headings

HEADINGS = [
    pytest.param("369A. Human trafficking.—Whoever involves himself in human trafficking shall be punished.\n",
                 "s. 369A", "Human trafficking", id="inline-dot-dash"),
    pytest.param("2. Definitions.– In this Act, unless there is anything repugnant,–\n(a) “advance” means a loan;\n",
                 "s. 2", "Definitions", id="inline-en-dash"),
    pytest.param("§ 1581. Peonage; obstructing enforcement\n(a) Whoever holds any person to peonage shall be fined.\n",
                 "§ 1581(a)", "Peonage; obstructing enforcement", id="usc-heading-line"),
    pytest.param("7. Functions and powers of Council\n(1) The Council shall coordinate the implementation.\n"
                 "8. Power of Minister to issue directions\nThe Minister may give the Council directions.\n",
                 "s. 7(1)", "Functions and powers of Council", id="bold-heading-line"),
    pytest.param("Article 4 — Definitions\nFor the purposes of this Convention:\na) “Child” shall mean any person.\n",
                 "Art. 4(a)", "Definitions", id="article-dash-heading"),
    pytest.param("Interpretation\n2. In this Act, unless the context otherwise requires—\n“child” means a person;\n",
                 's. 2 "child"', "Interpretation", id="heading-above"),
    pytest.param("§ 7109b. Presidential Award for Extraordinary\nEfforts To Combat Trafficking in\nPersons\n"
                 "(a) Establishment of award\nThe President is authorized to establish an award.\n",
                 "§ 7109b(a)", "Presidential Award for Extraordinary Efforts To Combat Trafficking in Persons",
                 id="title-wrapped-in-a-narrow-column"),
    pytest.param("Article 39 — Relationship with the Protocol to prevent, suppress and punish\ntrafficking in "
                 "persons, especially women and children, supplementing the\nUnited Nations Convention against "
                 "transnational organised crime\nThis Convention shall not affect the rights derived from the "
                 "Protocol.\n",
                 "Art. 39", "Relationship with the Protocol to prevent, suppress and punish trafficking in persons, "
                 "especially women and children, supplementing the United Nations Convention against transnational "
                 "organised crime", id="article-title-over-three-lines"),
    pytest.param("Purposes and findings § 7101. (a) Purposes\nThe purposes of this chapter are to combat "
                 "trafficking.\nDefinitions § 7102. In this chapter:\n(1) The term “coercion” means threats.\n",
                 "§ 7102(1)", "Definitions", id="side-heading-run-into-the-usc-line"),
    pytest.param("Interpretation 2. In this Act, unless the context otherwise requires—\n“child” means a person "
                 "under eighteen;\nOffence of 3. (1) Any person who traffics commits an offence.\n",
                 "s. 3(1)", "Offence of", id="side-heading-run-into-the-section-line"),
    pytest.param("9. Authorities who may be specified for implementing the provisions of\nthis Act.– (1) The "
                 "Government may confer such powers.\n(2) The officer shall act.\n",
                 "s. 9(1)", "Authorities who may be specified for implementing the provisions of this Act",
                 id="inline-heading-over-two-lines"),
]


@pytest.mark.parametrize("text, label, heading", HEADINGS)
def test_headings(text, label, heading):
    provisions = by_label(text)
    assert provisions[label].heading == heading


def test_body_sentences_are_not_headings():
    text = ("13. In the event of any inconsistency between the Sinhala\nand Tamil texts of this Act, the Sinhala "
            "text shall prevail.\n14. Where a request is made to the Government of\nSri Lanka by a Convention "
            "State, the Minister shall notify it.\n")
    assert [p.heading for p in segment(doc(text))] == ["", ""]


def test_margin_note_heading_and_inheritance():
    text = "1. This Act may be cited as the Example Act.\n2. (1) Any person who traffics commits an offence.\n" \
           "(2) The penalty is ten years.\n"
    second = text.index("2. (1)")
    notes = (MarginNote(0, 1, "Short title."), MarginNote(second, 1, "Offence of trafficking."))
    got = {p.label: p.heading for p in segment(doc(text, notes=notes))}
    assert got == {"s. 1": "Short title", "s. 2(1)": "Offence of trafficking", "s. 2(2)": "Offence of trafficking"}


# ------------------------------------------------------------------ definitions

DEFINITIONS = [
    pytest.param(
        "2. (1) In this Act, unless the context otherwise requires—\n“child” means a person who has not attained the "
        "age of\neighteen years;\n“exploitation” includes—\n(a) forced labour;\n(b) slavery;\n“victim” means any "
        "natural person.\n(2) For the purposes of this Act a person is trafficked wherever moved.\n",
        [("s. 2(1)", None), ('s. 2(1) "child"', "child"), ('s. 2(1) "exploitation"', "exploitation"),
         ('s. 2(1) "exploitation"(a)', "exploitation"), ('s. 2(1) "exploitation"(b)', "exploitation"),
         ('s. 2(1) "victim"', "victim"), ("s. 2(2)", None)],
        id="unnumbered-commonwealth"),
    pytest.param(
        "2. Definitions.– In this Act,–\n(a) \"advance (peshgi)\" means an advance in cash or in kind;\n"
        "(b) \"bonded labourer” means a labourer who incurs a bonded debt;\n",
        [("s. 2", None), ("s. 2(a)", "advance (peshgi)"), ("s. 2(b)", "bonded labourer")], id="numbered-commonwealth"),
    pytest.param(
        "§ 7102. Definitions\nIn this chapter:\n(3) Coercion\nThe term “coercion” means\n(A) threats of serious "
        "harm;\n(B) the abuse of the legal process.\n(4) Commercial sex act\nThe term “commercial sex act” means "
        "any sex act.\n",
        [("§ 7102", None), ("§ 7102(3)", "coercion"), ("§ 7102(3)(A)", "coercion"), ("§ 7102(3)(B)", "coercion"),
         ("§ 7102(4)", "commercial sex act")],
        id="us-the-term"),
    pytest.param(
        "Article 4 — Definitions\nFor the purposes of this Convention:\nd) “Child” shall mean any person under "
        "eighteen years of age;\ne) “Victim” shall mean any natural person.\n",
        [("Art. 4", None), ("Art. 4(d)", "child"), ("Art. 4(e)", "victim")], id="shall-mean"),
    pytest.param(
        "2. In this Act, unless the context otherwise requires— “child” means a person under eighteen years;\n"
        "“court” means the High Court.\n",
        [("s. 2", None), ('s. 2 "child"', "child"), ('s. 2 "court"', "court")], id="first-definition-on-chapeau-line"),
    pytest.param(
        "4. In this section “abet” and “conspiracy” shall have the same meaning as in the Penal Code.\n",
        [("s. 4", "abet")], id="single-inline-definition"),
]


@pytest.mark.parametrize("text, expected", DEFINITIONS)
def test_definitions(text, expected):
    assert [(p.label, p.term) for p in segment(doc(text))] == expected


def test_unnumbered_definition_path():
    p = by_label('2. In this Act—\n"child" means a person under eighteen;\n')['s. 2 "child"']
    assert p.path == ("2", '"child"')
    assert p.number == "2"


def test_wrapped_quoted_term_is_not_a_definition():
    text = "2. In this Act the expression\n“child” means a person under eighteen and includes a minor.\n"
    assert labels(text) == ["s. 2"]


# ------------------------------------------------------------------ amending acts

AMENDING = (
    "1. Short title.—This Act may be called the Criminal Law (Amendment) Act.\n"
    "2. Insertion of new sections 292A and 292B.—In the Penal Code, after section 292, the following new sections "
    "shall be inserted, namely:—\n"
    "\"292A. Exposure to seduction.—Whoever seduces a child shall be punished.\n"
    "292B. Child pornography.—(1) Whoever takes any photograph of obscene conduct, where—\n"
    "(a) the production involves a minor;\n(b) the depiction is digital,\nis said to commit child pornography.\n"
    "(2) Whoever commits child pornography shall be punished.\".\n"
    "3. Insertion of new section 369A.—In the Penal Code, after section 369, the following new section shall be "
    "inserted, namely:—\n"
    ": “369A, Human trafficking.—Whoever involves himself in human trafficking shall be punished.\n"
    "Explanation.—The words “human trafficking” have the meaning assigned to them in the Ordinance.”.\n"
    "4. Insertion of new section 377A.—In the Penal Code, after section 377, the following new section shall be "
    "inserted, namely:—\n"
    "377A. Sexual abuse.—Whoever employs any person under eighteen in sexually explicit conduct commits sexual "
    "abuse.\n"
    "5. Amendment of Schedule II.—In the Code of Criminal Procedure, in Schedule II, entries shall be inserted.\n"
)


def test_amending_act_labels_inserted_sections_with_their_own_numbers():
    got = [(p.label, p.heading) for p in segment(doc(AMENDING))]
    assert got == [
        ("s. 1", "Short title"), ("s. 2", "Insertion of new sections 292A and 292B"),
        ("s. 292A", "Exposure to seduction"), ("s. 292B(1)", "Child pornography"),
        ("s. 292B(1)(a)", "Child pornography"), ("s. 292B(1)(b)", "Child pornography"),
        ("s. 292B(2)", "Child pornography"), ("s. 3", "Insertion of new section 369A"),
        ("s. 369A", "Human trafficking"), ("s. 4", "Insertion of new section 377A"),
        ("s. 377A", "Sexual abuse"), ("s. 5", "Amendment of Schedule II")]
    explanation = by_label(AMENDING)["s. 369A"].text
    assert explanation.endswith("in the Ordinance.”.")


def test_quoted_amendment_item_is_text_of_the_amending_section():
    text = ("6. The Extradition Law is hereby amended by the insertion of the following item :—\n"
            "“(47) An offence covered by the Convention.”.\n7. Where there is an arrangement, it applies.\n")
    assert labels(text) == ["s. 6", "s. 7"]


# ------------------------------------------------------------------ tables of contents, front matter, schedules

TOC_ACT = (
    "ANTI-TRAFFICKING ACT 2007\nARRANGEMENT OF SECTIONS\nPART I\nPRELIMINARY\nSection\n"
    "1. Short title and commencement\n2. Interpretation\nPART II\nOFFENCES\n12. Offence of trafficking in persons\n"
    "13. Offence of trafficking in children\nSCHEDULE\n"
    "An Act to provide for the offence of trafficking in persons.\n"
    "ENACTED by the Parliament as follows:\nPART I\nPRELIMINARY\n"
    "1. Short title and commencement\nThis Act may be cited as the Anti-Trafficking Act 2007.\n"
    "2. Interpretation\nIn this Act—\n“child” means a person under eighteen;\nPART II\nOFFENCES\n"
    "12. Offence of trafficking in persons\nAny person who traffics in persons commits an offence.\n"
    "13. Offence of trafficking in children\nAny person who traffics in children commits an offence.\n"
    "SCHEDULE\n(Section 12)\n1. Offences under section 12.\n2. Offences under section 13.\n"
)


def test_table_of_contents_does_not_shadow_sections():
    provisions = segment(doc(TOC_ACT))
    got = [(p.label, p.heading) for p in provisions]
    assert got == [
        ("Long title", ""), ("Enacting formula", ""),
        ("s. 1", "Short title and commencement"), ("s. 2", "Interpretation"), ('s. 2 "child"', "Interpretation"),
        ("s. 12", "Offence of trafficking in persons"), ("s. 13", "Offence of trafficking in children"),
        ("Schedule", ""), ("Schedule, para. 1", ""), ("Schedule, para. 2", "")]
    s12 = next(p for p in provisions if p.label == "s. 12")
    assert s12.text == "12. Offence of trafficking in persons\nAny person who traffics in persons commits an offence."
    assert "PART II" not in provisions[4].text          # headings are not part of a provision


def test_table_of_contents_without_heading():
    text = ("1. Short title\n2. Interpretation\n3. Offence\n4. Penalty\n"
            "1. This Act may be cited as the Example Act.\n2. In this Act “child” means a person under eighteen.\n"
            "3. Any person who traffics in persons commits an offence.\n4. The penalty is ten years.\n")
    provisions = segment(doc(text))
    assert [p.label for p in provisions] == ["s. 1", "s. 2", "s. 3", "s. 4"]
    assert provisions[0].text.startswith("1. This Act")


def test_front_matter_is_recognisable():
    text = ("AN ACT TO GIVE EFFECT TO THE CONVENTION ON TRAFFICKING\nWHEREAS a Convention was adopted :\n"
            "AND WHEREAS it is necessary to give effect to it :\nNOW THEREFORE be it enacted by Parliament as follows:—\n"
            "1. This Act may be cited as the Convention Act.\n")
    provisions = segment(doc(text))
    assert [p.label for p in provisions] == ["Long title", "Preamble", "Enacting formula", "s. 1"]
    assert [is_non_operative(p.label) for p in provisions] == [True, True, True, False]
    assert "AND WHEREAS" in provisions[1].text


def test_explanatory_statement_is_not_law():
    text = ("1. This Act may be cited as the Bill.\n2. Any person who traffics commits an offence.\n"
            "EXPLANATORY STATEMENT\n1. Clause 1 contains the short title.\n2. Clause 2 creates the offence.\n"
            "3. Clause 3 is new.\n4. Clause 4 too.\n")
    provisions = segment(doc(text))
    assert [p.label for p in provisions] == ["s. 1", "s. 2"]
    assert "EXPLANATORY" not in provisions[-1].text


def test_findings_are_ordinary_provisions():
    text = "§ 7101. Purposes and findings\n(a) Purposes\nThe purposes are to combat trafficking.\n(b) Findings\n" \
           "Congress finds that:\n(19) Victims should not be penalized solely for unlawful acts.\n"
    assert labels(text) == ["§ 7101(a)", "§ 7101(b)", "§ 7101(b)(19)"]


def test_several_acts_in_one_file():
    text = ("CRIMINAL CODE\n279.01 (1) Every person who recruits a person for exploitation commits an offence.\n"
            "(2) Consent is no defence.\n279.02 Every person who benefits commits an offence.\n"
            "738 (1) The court may order restitution.\n(2) The order is enforceable.\n"
            "IMMIGRATION ACT\n24 (1) An officer may issue a temporary resident permit to a foreign national.\n"
            "(2) A permit is valid for three years.\n24.1 (1) Where there are reasonable grounds, an officer shall "
            "issue a reflection permit.\n112 (1) A person may apply for protection before removal.\n")
    assert labels(text) == ["s. 279.01(1)", "s. 279.01(2)", "s. 279.02", "s. 738(1)", "s. 738(2)", "s. 24(1)",
                            "s. 24(2)", "s. 24.1(1)", "s. 112(1)"]


# ------------------------------------------------------------------ cross-references and stray lines

CROSS_REFERENCES = [
    pytest.param("3. Whoever commits an offence under section\n12. The court shall punish him.\n"
                 "4. The Minister may make rules.\n", ["s. 3", "s. 4"], id="section-number-wrapped-to-line-start"),
    pytest.param("3. Where the Court is satisfied, it shall act under subsection\n(2) of section 5 and report.\n"
                 "(2) The report is public.\n", ["s. 3", "s. 3(2)"], id="subsection-reference-wrapped"),
    pytest.param("3. The Minister may act—\n(a) by order; or\n(b) in the case of the matters in paragraph\n"
                 "(a), by notice.\n", ["s. 3", "s. 3(a)", "s. 3(b)"], id="paragraph-reference-wrapped"),
    pytest.param("3. The High Court established by\nArticle 154P of the Constitution shall try offences.\n"
                 "4. The Minister may make rules.\n", ["s. 3", "s. 4"], id="article-reference-in-commonwealth-act"),
    pytest.param("3. An offender is liable to imprisonment.\n2 Convention on Preventing Trafficking\n"
                 "4. The Minister may make rules.\n5. This Act prevails.\n2 Convention on Preventing Trafficking\n"
                 "6. Repeal.\n", ["s. 3", "s. 4", "s. 5", "s. 6"], id="stray-running-header"),
    pytest.param("3. An offender is liable to imprisonment for a term of\n2005. years as set in the Schedule.\n"
                 "4. The Minister may make rules.\n", ["s. 3", "s. 4"], id="year-at-line-start"),
]


@pytest.mark.parametrize("text, expected", CROSS_REFERENCES)
def test_inline_references_never_start_a_provision(text, expected):
    assert labels(text) == expected


def test_part_and_chapter_headings_end_provisions():
    text = "5. The Act prevails.\nPART II\nCOUNCIL FOR ANTI-TRAFFICKING\n6. A Council is established.\n"
    provisions = segment(doc(text))
    assert [p.text for p in provisions] == ["5. The Act prevails.", "6. A Council is established."]


def test_text_without_sections_is_one_provision():
    provisions = segment(doc("Whoever traffics in persons shall be punished.\nThe consent is irrelevant.\n"))
    assert [(p.label, p.path) for p in provisions] == [("Text", ("",))]


# ------------------------------------------------------------------ offsets and pages

def test_offsets_text_and_pages_match_the_document():
    text = "\n".join(f"{n}. Section {n} says that every person shall comply with rule {n}.\n(1) First.\n(2) Second."
                     for n in range(1, 40)) + "\n"
    d = doc(text, lines_per_page=7)
    provisions = segment(d)
    assert len(provisions) == 39 * 3
    for p in provisions:
        assert p.text == d.text[p.start:p.end]
        assert p.pages == d.pages_between(p.start, p.end)
    assert provisions[-1].pages[-1] == d.pages[-1].number


@pytest.mark.parametrize("text", ["", "\n\n  \n", "   "])
def test_empty_text_gives_no_provisions(text):
    assert segment(doc(text)) == ()
