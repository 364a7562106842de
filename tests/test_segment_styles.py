"""Segmentation of drafting styles beyond the dev set: Gulf/Arab-state articles,
word numerals, "Clause 1." paragraphs, decimal and regulation numbers with letter
suffixes, code parts numbered on their own (L./R.), unquoted definitions, several
laws in one file.

Each case is a short synthetic passage written the way such statutes print (one
printed line per line); the expected labels are what a lawyer would cite.
"""

from __future__ import annotations

import pytest

from gapcheck.extractors.segment import segment
from gapcheck.models import Document, Page


def doc(text: str) -> Document:
    return Document(path="law.txt", name="law.txt", sha256="", text=text, pages=(Page(1, 0, len(text)),))


def labels(text: str) -> list[str]:
    return [p.label for p in segment(doc(text))]


def terms(text: str) -> list[tuple[str, str | None]]:
    return [(p.label, p.term) for p in segment(doc(text))]


# ------------------------------------------------------------------ Gulf-style articles

GULF = [
    pytest.param(
        "Article (1)\nScope\nThis Law applies to every natural person.\n"
        "Article (2)\nThe Offence\nClause 1. Whoever sells a person shall be punished.\n"
        "Clause 2. The attempt shall be punished.\n"
        "Article (3)\nAggravation\nThe penalty shall be doubled in the following cases:\n"
        "1. If the victim is a child.\n2. If the offender is a public servant.\n",
        ["Art. 1", "Art. 2(1)", "Art. 2(2)", "Art. 3", "Art. 3(1)", "Art. 3(2)"],
        id="parenthesised-numbers-clauses-and-numbered-paragraphs"),
    pytest.param(
        "Article One\nThis Decree-Law shall be cited as the Anti-Slavery Decree-Law.\n"
        "Article Two\nNobody shall be held in slavery.\n"
        "Article (Three)\nWhoever enslaves a person shall be punished.\n"
        "ARTICLE TWENTY-ONE\nThis Decree-Law comes into force on publication.\n",
        ["Art. 1", "Art. 2", "Art. 3", "Art. 21"], id="word-numerals"),
    pytest.param(
        "Article (12)\nPenalty\nParagraph 1: Whoever recruits a child shall be punished.\n"
        "Paragraph 2: The court shall order confiscation.\n",
        ["Art. 12(1)", "Art. 12(2)"], id="paragraph-markers"),
    pytest.param(
        "Article (4)\nRelated crimes\nWhoever hides an offender shall be punished.\n"
        "Article (5)\nCourts\nThe courts referred to in Article (4) of this Law shall try the crimes.\n"
        "Article (6)\nRepeal\nAny provision contrary to this Law is repealed.\n",
        ["Art. 4", "Art. 5", "Art. 6"], id="cross-reference-to-an-article-is-not-a-start"),
]


@pytest.mark.parametrize("text, expected", GULF)
def test_gulf_style_articles(text, expected):
    assert labels(text) == expected


def test_gulf_article_heading_is_the_line_after_the_number():
    provisions = segment(doc("Article (7)\nTravel Documents\nWhoever retains a passport shall be punished.\n"))
    assert [(p.label, p.heading) for p in provisions] == [("Art. 7", "Travel Documents")]


# ------------------------------------------------------------------ Lusophone articles

LUSOPHONE = [
    pytest.param(
        "Reduction to a condition analogous to that of a slave\n"
        "Article 149. To reduce a person to a condition analogous to that of a slave:\n"
        "Penalty – confinement, from two to eight years.\n"
        "§ 1 The same penalties apply to any person who:\n"
        "I – denies the worker the use of any means of transport;\n"
        "II – keeps the place of work under surveillance.\n"
        "§ 2 The penalty is increased by one half if the crime is committed against a child.\n"
        "Trafficking in persons\n"
        "Article 149-A. To recruit, transport or receive a person, by means of violence, with the purpose of:\n"
        "I – removing his or her organs; or\n"
        "II – sexual exploitation.\n"
        "Penalty – confinement, from four to ten years, and fine.\n"
        "§ 1 The penalty is increased by one third if:\n"
        "I – the crime is committed by a public servant;\n"
        "II – the victim is taken out of the national territory.\n"
        "Article 150. To enter a dwelling against the will of its occupant:\n"
        "Penalty – detention, from one to three months.\n",
        ["Art. 149", "Art. 149 § 1", "Art. 149 § 1(I)", "Art. 149 § 1(II)", "Art. 149 § 2",
         "Art. 149-A", "Art. 149-A(I)", "Art. 149-A(II)", "Art. 149-A § 1", "Art. 149-A § 1(I)",
         "Art. 149-A § 1(II)", "Art. 150"],
        id="paragraphs-and-roman-items-of-articles"),
    pytest.param(
        "Art. 115. § 1. A prohibited act is conduct having the features specified in a penal statute.\n"
        "§ 4. A material benefit is a benefit for oneself or for another person.\n"
        "§ 22. Trafficking in human beings means the recruitment or transport of a person with the use of:\n"
        "1) violence or an unlawful threat,\n2) abduction,\n"
        "- for the purpose of exploiting that person.\n"
        "§ 23. A minor is a person who has not attained 18 years of age.\n"
        "Art. 189a. § 1. Whoever commits trafficking in human beings shall be subject to the penalty of deprivation "
        "of liberty.\n§ 2. Whoever makes preparations shall be subject to the penalty of deprivation of liberty.\n",
        ["Art. 115 § 1", "Art. 115 § 4", "Art. 115 § 22", "Art. 115 § 22(1)", "Art. 115 § 22(2)",
         "Art. 115 § 23", "Art. 189a § 1", "Art. 189a § 2"],
        id="central-european-paragraphs-with-gaps-in-a-glossary"),
]


@pytest.mark.parametrize("text, expected", LUSOPHONE)
def test_lusophone_articles(text, expected):
    """"§ 1" divides an article (it is not a section of a code) and "I –" items follow the
    caput or a paragraph; "149-A" comes between 149 and 150."""
    assert labels(text) == expected


def test_section_sign_still_starts_sections_of_a_code():
    text = ("§ 1. Short title\nThis chapter may be cited as the Trafficking Act.\n"
            "§ 2. Offence\n(a) Whoever recruits a person by force shall be punished.\n")
    assert labels(text) == ["§ 1", "§ 2(a)"]


# ------------------------------------------------------------------ decimal and lettered numbers

DECIMALS = [
    pytest.param(
        "270.1 Definition of slavery\nSlavery is the condition of a person over whom ownership is exercised.\n"
        "270.1A Definitions for Division 270\nIn this Division, coercion includes force.\n"
        "270.2 Slavery offences\nA person who reduces a person to slavery commits an offence.\n",
        ["s. 270.1", "s. 270.1A", "s. 270.2"], id="decimal-with-letter"),
    pytest.param(
        "271.7 Offence\nA person commits an offence.\n271.7F Harbouring a victim\n(1) A person harbours.\n"
        "(2) The penalty is higher for a child.\n271.8 Debt bondage\nA person commits an offence.\n"
        "271.9 Aggravated debt bondage\nA person commits an aggravated offence.\n"
        "271.10 Jurisdiction\nSection 15.2 applies.\n271.11 Consent no defence\nConsent is no defence.\n",
        ["s. 271.7", "s. 271.7F(1)", "s. 271.7F(2)", "s. 271.8", "s. 271.9", "s. 271.10", "s. 271.11"],
        id="decimal-parts-are-integers-after-9"),
    pytest.param(
        "83.01 Definitions\nIn this Part, an entity means a person.\n83.02 Providing property\nEvery person who "
        "provides property is guilty.\n83.1 Disclosure\nEvery person shall disclose.\n83.11 Audit\nThe entity shall "
        "audit.\n83.12 Offences\nEvery person who contravenes is guilty.\n83.2 Commission of offence\nEvery person "
        "is guilty.\n",
        ["s. 83.01", "s. 83.02", "s. 83.1", "s. 83.11", "s. 83.12", "s. 83.2"],
        id="canadian-decimals-stay-fractions"),
    pytest.param(
        "271.2 Offence of trafficking in persons\n(1) A person organises the entry of another person.\n"
        "Penalty: Imprisonment for 12 years.\n(1A) A person organises the exit of another person.\n"
        "Penalty: Imprisonment for 12 years.\n(1B) A person is reckless as to exploitation.\n"
        "(2) A person deceives the other person.\n(2A) Subsection (2) applies to an exit.\n"
        "(3) Exploitation need not be proved.\nNote: Division 11 applies.\n",
        ["s. 271.2(1)", "s. 271.2(1A)", "s. 271.2(1B)", "s. 271.2(2)", "s. 271.2(2A)", "s. 271.2(3)"],
        id="inserted-subsections-penalty-and-note-lines"),
    pytest.param(
        "Article 224-1 A\nReduction to slavery is punishable.\nArticle 224-1 B\nExploiting an enslaved person is "
        "punishable.\nArticle 224-1 C\nThe attempt is punishable.\n",
        ["Art. 224-1 A", "Art. 224-1 B", "Art. 224-1 C"], id="spaced-letter-after-a-code-number"),
    pytest.param(
        "Article L. 425-1\nA residence card is issued to a victim who files a complaint.\n"
        "Article L. 741-1\nThe authority may place a foreign national in detention.\n"
        "Regulatory part\nArticle R. 425-1\nThe police shall inform the victim.\n"
        "Article R. 425-2\nThe victim has a reflection period of thirty days.\n",
        ["Art. L. 425-1", "Art. L. 741-1", "Art. R. 425-1", "Art. R. 425-2"],
        id="legislative-and-regulatory-parts-numbered-on-their-own"),
]


@pytest.mark.parametrize("text, expected", DECIMALS)
def test_decimal_and_lettered_numbers(text, expected):
    assert labels(text) == expected


def test_penalty_and_note_lines_stay_in_their_provision():
    provisions = {p.label: p for p in segment(doc(DECIMALS[3].values[0]))}
    assert provisions["s. 271.2(1)"].text.endswith("Penalty: Imprisonment for 12 years.")
    assert provisions["s. 271.2(3)"].text.endswith("Note: Division 11 applies.")


# ------------------------------------------------------------------ several laws in one file

PENAL_CODE = (
    "PENAL CODE OF THE NATION (EXTRACT)\nTITLE V\nCRIMES AGAINST FREEDOM\n"
    "Article 140. Whoever reduces a person to slavery shall be punished with imprisonment.\n"
    "Article 145 bis. Whoever captures or harbours persons for exploitation shall be punished.\n"
    "Article 145 ter. The penalty shall be increased when:\n1. The offence was committed by deception.\n"
    "2. The victim is a minor.\n"
    "Article 172. Whoever defrauds another by means of a false name shall be punished.\n")
VICTIMS_LAW = (
    "LAW No. 27.508\nON THE PREVENTION OF TRAFFICKING IN PERSONS (EXTRACT)\n"
    "Article 1. The purpose of this Law is to prevent trafficking in persons.\n"
    "Article 2. Exploitation exists in the following cases:\na) slavery;\nb) forced labour.\n"
    "Article 3. This Law applies to every victim.\n")

BOUNDARIES = [
    pytest.param(
        PENAL_CODE + "\n" + VICTIMS_LAW,
        ["Art. 140", "Art. 145 bis", "Art. 145 ter", "Art. 145 ter(1)", "Art. 145 ter(2)", "Art. 172",
         "Art. 1", "Art. 2", "Art. 2(a)", "Art. 2(b)", "Art. 3"],
        id="penal-code-then-a-law-numbered-from-one"),
    pytest.param(
        "Federal Law No. (9) of 2019\nArticle (1)\nScope\nThis Law applies to all persons.\nArticle (2)\nOffence\n"
        "Whoever sells a person shall be punished.\nArticle (3)\nEntry into force\nThis Law comes into force.\n\n"
        "Federal Law No. (10) of 2019\nArticle (1)\nPurpose\nThis Law protects witnesses.\nArticle (2)\nMeasures\n"
        "The Public Prosecution shall protect witnesses.\n",
        ["Art. 1", "Art. 2", "Art. 3", "Art. 1", "Art. 2"], id="title-case-numbered-law-titles"),
    pytest.param(
        "CIVIL CODE\nArticle 388\nA minor is an individual who has not reached the age of eighteen years.\n\n"
        "PENAL CODE\nArticle 122-2\nA person is not criminally liable who acted under constraint.\n"
        "Article 225-4-1\nTrafficking in human beings is the act of recruiting a person for exploitation.\n",
        ["Art. 388", "Art. 122-2", "Art. 225-4-1"], id="a-code-extract-of-one-article"),
    pytest.param(
        "CODE OF CRIMINAL PROCEDURE\nArticle 2\nA civil action for reparation belongs to all who suffered damage.\n"
        "Article 706-3\nAny person who has suffered harm from an offence may obtain full reparation.\n\n"
        "CODE OF ENTRY AND RESIDENCE OF FOREIGN NATIONALS\nArticle L. 425-1\nA residence card is issued to a "
        "foreign national who files a complaint.\nArticle L. 425-2\nA resident card is issued after conviction.\n",
        ["Art. 2", "Art. 706-3", "Art. L. 425-1", "Art. L. 425-2"], id="title-between-increasing-numbers"),
    pytest.param(
        "CRIMINAL CODE (EXTRACT)\n271.2 Offence of trafficking in persons\n(1) A person organises the entry of "
        "another person by deception.\n271.8 Offence of debt bondage\nA person commits an offence of debt bondage.\n\n"
        "MIGRATION ACT (EXTRACT)\n189 Detention of unlawful non-citizens\n(1) An officer must detain an unlawful "
        "non-citizen.\n198A Removal not required where protection finding made\n(1) Section 198 does not require "
        "removal.\n\nMIGRATION REGULATIONS (EXTRACT)\n2.20A Bridging F visa\n(1) A non-citizen is eligible for the "
        "visa.\n(2) The Minister must grant the visa.\n2.20B Referred Stay visa\n(1) The Minister may grant the "
        "visa.\n",
        ["s. 271.2(1)", "s. 271.8", "s. 189(1)", "s. 198A(1)", "reg. 2.20A(1)", "reg. 2.20A(2)", "reg. 2.20B(1)"],
        id="code-act-and-regulations"),
    pytest.param(
        "ACT OF 22 MAY 2009 NO. 28 RELATING TO PENALTIES (THE PENAL CODE)\n"
        "Section 246 Human trafficking\n(1) Any person who by violence exploits another person shall be liable "
        "to imprisonment.\n(2) Attempt is punishable.\n"
        "Section 305 Extortion\nAny person who by threats forces another to transfer property shall be liable "
        "to imprisonment.\n\n"
        "ACT OF 10 JUNE 2010 NO. 35 ON THE ADMISSION OF FOREIGN NATIONALS INTO THE KINGDOM AND THEIR STAY HERE "
        "(THE ALIENS ACT)\n"
        "Section 36 Reflection period\n(1) A foreign national shall be granted a reflection period of 30 days.\n"
        "(2) No expulsion shall be enforced during the period.\n"
        "Section 37 Residence permit\nA foreign national may be granted a temporary residence permit.\n",
        ["s. 246(1)", "s. 246(2)", "s. 305", "s. 36(1)", "s. 36(2)", "s. 37"],
        id="dated-and-numbered-act-titles-longer-than-a-line"),
    pytest.param(
        "Criminal Code\nR.S.L. 1985, c. C-46\n\n"
        "Trafficking in persons\n279.01 (1) Every person who recruits a person for the purpose of exploiting them is "
        "guilty of an indictable offence.\n"
        "Restitution to victims of offences\n738 (1) Where an offender is convicted, the court may order the offender "
        "to make restitution.\n(2) The order may be enforced as a civil judgment.\n\n"
        "Immigration and Refugee Protection Act\nS.L. 2001, c. 27\n\n"
        "Victims of trafficking in persons\n24.1 (1) An officer may issue a temporary resident permit to a victim of "
        "trafficking in persons.\n(2) A permit issued under subsection (1) is valid for 180 days.\n"
        "Risk assessment\n112 (1) A foreign national may apply for protection before removal.\n",
        ["s. 279.01(1)", "s. 738(1)", "s. 738(2)", "s. 24.1(1)", "s. 24.1(2)", "s. 112(1)"],
        id="title-case-act-name-over-its-citation-line"),
]


@pytest.mark.parametrize("text, expected", BOUNDARIES)
def test_every_law_in_a_file_keeps_its_provisions(text, expected):
    provisions = segment(doc(text))
    assert [p.label for p in provisions] == expected
    assert all(a.end <= b.start for a, b in zip(provisions, provisions[1:]))


def test_a_law_title_ends_the_previous_provision():
    provisions = {p.label: p for p in segment(doc(BOUNDARIES[3].values[0]))}
    assert "CODE OF ENTRY" not in provisions["Art. 706-3"].text
    assert provisions["Art. 706-3"].text.endswith("full reparation.")


NOT_BOUNDARIES = [
    pytest.param(
        "5. Any person who contravenes the provisions of the\nIMMIGRATION ACT\nshall be liable to a fine.\n"
        "6. The Minister may make regulations.\n7. This Act comes into force on publication.\n",
        ["s. 5", "s. 6", "s. 7"], "s. 5", "shall be liable to a fine.", id="title-words-inside-a-sentence"),
    pytest.param(
        "PENAL CODE\n1. This Code applies to every offence committed in the State.\n"
        "2. Nobody shall be punished without a law.\nPENAL CODE\n3. Ignorance of the law is no excuse.\n"
        "4. The penalties are imprisonment and fines.\nPENAL CODE\n5. The court shall fix the penalty.\n",
        ["s. 1", "s. 2", "s. 3", "s. 4", "s. 5"], "s. 5", "fix the penalty.", id="running-header"),
]


@pytest.mark.parametrize("text, expected, label, ending", NOT_BOUNDARIES)
def test_title_like_lines_that_are_not_boundaries(text, expected, label, ending):
    provisions = segment(doc(text))
    assert [p.label for p in provisions] == expected
    assert {p.label: p for p in provisions}[label].text.endswith(ending)


# ------------------------------------------------------------------ unquoted definitions

DEFINITIONS = [
    pytest.param(
        "SEC. 3. Definition of Terms. – As used in this Act:\n"
        "(a) Trafficking in Persons – refers to the recruitment, transportation or receipt of persons by means of "
        "threat or use of force for the purpose of exploitation.\n"
        "(b) Child – refers to a person below eighteen (18) years of age.\n"
        "(c) Council - shall mean the Inter-Agency Council Against Trafficking.\n"
        "(d) Forced Labor – means work or services exacted from a person under the menace of a penalty.\n"
        "SEC. 4. Acts of Trafficking in Persons. – It shall be unlawful for any person to commit any of the "
        "following acts:\n(a) To recruit a person for the purpose of prostitution;\n",
        [("s. 3", None), ("s. 3(a)", "trafficking in persons"), ("s. 3(b)", "child"), ("s. 3(c)", "council"),
         ("s. 3(d)", "forced labor"), ("s. 4", None), ("s. 4(a)", None)],
        id="philippine-term-dash-refers-to"),
    pytest.param(
        "Article (1)\nDefinitions\nIn applying the provisions of this Law, the following words and expressions "
        "shall have the meanings indicated opposite each of them, unless the context otherwise requires:\n"
        "The State: the State and its member emirates.\nThe Child: every person who has not completed eighteen "
        "years of age.\nRecruitment Office: an office licensed to recruit workers from abroad.\n"
        "Exploitation: all forms of sexual exploitation, forced labour, enslavement and practices akin to "
        "slavery.\nArticle (2)\nThe Crime\nWhoever sells a person for the purpose of exploitation shall be "
        "punished.\n",
        [("Art. 1", None), ('Art. 1 "state"', "state"), ('Art. 1 "child"', "child"),
         ('Art. 1 "recruitment office"', "recruitment office"), ('Art. 1 "exploitation"', "exploitation"),
         ("Art. 2", None)],
        id="gulf-term-colon-meaning"),
    pytest.param(
        "271.1 Definitions\nIn this Division:\ncoercion, deception and threat have the same meanings as in "
        "Division 270.\nconfiscate, in relation to a person's travel or identity document, means to take possession "
        "of the document.\ndebt bondage is the status or condition that arises from a pledge by a person of his or "
        "her personal services as security for a debt.\nexploitation has the meaning given by section 271.1A.\n"
        "travel or identity document means a passport or a visa.\n"
        "271.1A Definition of exploitation\nFor the purposes of this Division, exploitation of one person occurs if "
        "the other person's conduct causes the victim to enter into slavery.\n",
        [("s. 271.1", None), ('s. 271.1 "coercion"', "coercion"), ('s. 271.1 "confiscate"', "confiscate"),
         ('s. 271.1 "debt bondage"', "debt bondage"), ('s. 271.1 "exploitation"', "exploitation"),
         ('s. 271.1 "travel or identity document"', "travel or identity document"), ("s. 271.1A", None)],
        id="australian-dictionary-without-quotes"),
    pytest.param(
        "5. In this Part:\nrecruiter means a person who engages another person to provide labour or services.\n"
        "victim includes a person who has suffered harm because of an offence against this Part.\n"
        "6. A recruiter who deceives a victim commits an offence.\n",
        [("s. 5", None), ('s. 5 "recruiter"', "recruiter"), ('s. 5 "victim"', "victim"), ("s. 6", None)],
        id="chapeau-without-a-definitions-heading"),
    pytest.param(
        "2. (1) In this Act—\nvictim means a person against whom an offence under this Act has been committed.\n"
        "child means a person under the age of eighteen years.\n(2) For the purposes of this Act, a person is "
        "exploited whether or not the person consents.\n",
        [("s. 2(1)", None), ('s. 2(1) "victim"', "victim"), ('s. 2(1) "child"', "child"), ("s. 2(2)", None)],
        id="dictionary-ends-with-the-next-subsection"),
    pytest.param(
        "16 Advocates\n(1) The Minister must make arrangements for advocates.\n\nPART 5\nGENERAL\n\n"
        "17 Interpretation\nIn this Act—\n\"child\" means a person under the age of 18;\n"
        "\"Minister\" means the Minister of Justice.\n",
        [("s. 16(1)", None), ("s. 17", None), ('s. 17 "child"', "child"), ('s. 17 "minister"', "minister")],
        id="quoted-uk-style-still-works"),
    pytest.param(
        "ARTICLE (1)\nDEFINITIONS\nFor the purpose of applying the provisions of this Law, the following terms "
        "shall have the meanings assigned to them:\n1. The Child: every person under eighteen years of age.\n"
        "2. Trafficking in Persons: the recruitment of persons for the purpose of exploitation.\n"
        "ARTICLE (2)\nPENALTIES\nWhoever traffics in persons shall be punished with imprisonment for ten years.\n",
        [("Art. 1", None), ("Art. 1(1)", "child"), ("Art. 1(2)", "trafficking in persons"), ("Art. 2", None)],
        id="numbered-gulf-entries"),
    pytest.param(
        "SECTION 3. Definitions. – For purposes of this Act:\n(a) \"Trafficking\" – refers to the recruitment of "
        "persons;\n(b) Child — means a person below eighteen years;\n(c) Debt Bondage -- refers to the pledging of "
        "services.\nSECTION 4. Offences. – It is unlawful for any person to traffic in persons.\n",
        [("s. 3", None), ("s. 3(a)", "trafficking"), ("s. 3(b)", "child"), ("s. 3(c)", "debt bondage"),
         ("s. 4", None)],
        id="dash-variants"),
    pytest.param(
        "5. In this Part:\nadult means a person who is at least 18 years old;\nchild means a person under 18;\n"
        "Commonwealth public official has the meaning given by the Dictionary.\n"
        "6. A person who traffics a child commits an offence and is liable to imprisonment for 25 years.\n",
        [("s. 5", None), ('s. 5 "adult"', "adult"), ('s. 5 "child"', "child"),
         ('s. 5 "commonwealth public official"', "commonwealth public official"), ("s. 6", None)],
        id="the-first-verb-ends-the-term"),
]


@pytest.mark.parametrize("text, expected", DEFINITIONS)
def test_unquoted_definitions(text, expected):
    assert terms(text) == expected


NOT_DEFINITIONS = [
    pytest.param(
        "12. Offences\nSlavery is the condition of a person over whom the powers of ownership are exercised.\n"
        "(a) Child – refers to the victim in paragraph (b) of section 3.\nDebt bondage: see section 14.\n",
        id="outside-a-definitions-section"),
    pytest.param(
        "270.1 Definition of slavery\nFor the purposes of this Division, slavery is the condition of a person over "
        "whom any of the powers attaching to the right of ownership are exercised.\n",
        id="a-section-defining-one-term-by-its-heading"),
    pytest.param(
        "271.1 Definitions\nIn this Division:\nNote: Slavery and servitude are defined in Division 270.\n"
        "Penalty: Imprisonment for 12 years.\n",
        id="note-and-penalty-lines"),
    pytest.param(
        "86. (1) In this Act, the term shareholder means—\n(a) a person whose name is entered in the share "
        "register;\n(b) until a person's name is entered in the share register, a person named in the "
        "application;\n",
        id="a-chapeau-that-defines-one-term-with-a-list"),
]


@pytest.mark.parametrize("text", NOT_DEFINITIONS)
def test_no_false_terms(text):
    provisions = segment(doc(text))
    assert all(p.term is None for p in provisions), [(p.label, p.term) for p in provisions]
    assert all('"' not in p.label for p in provisions)


def test_a_definition_wrapped_over_lines_is_one_provision():
    text = ("271.1 Definitions\nIn this Division:\ndeception means an intentional or reckless deception, by words or "
            "other\nconduct, as to fact or as to law, and includes a deception about the nature\nof any work.\n"
            "threat means a threat of coercion.\n")
    assert terms(text) == [("s. 271.1", None), ('s. 271.1 "deception"', "deception"), ('s. 271.1 "threat"', "threat")]


# ------------------------------------------------------------------ numbered explanations (Indian-style codes)

def test_numbered_explanations_are_provisions_and_subsections_go_on():
    text = ("370. Trafficking of persons.—(1) Whoever, for the purpose of exploitation,—\n(a) recruits,\n"
            "(b) transports,\nany person by threats commits the offence of trafficking.\n"
            "Explanation 1.—\"Exploitation\" includes any act of physical exploitation and slavery.\n"
            "Explanation 2.—The consent of the victim is immaterial.\n"
            "(2) Whoever commits the offence of trafficking shall be punished with imprisonment.\n"
            "371. Buying or selling a slave.—Whoever buys a person as a slave shall be punished.\n"
            "Explanation.—A single explanation is read with its section.\n")
    assert terms(text) == [
        ("s. 370(1)", None), ("s. 370(1)(a)", None), ("s. 370(1)(b)", None), ("s. 370 Expl. 1", "exploitation"),
        ("s. 370 Expl. 2", None), ("s. 370(2)", None), ("s. 371", None)]


UNTITLED_RESTARTS = [
    pytest.param(
        "Article 140. Whoever reduces a person to slavery shall be punished with imprisonment of four to fifteen "
        "years.\n\nArticle 145 bis. Whoever captures or harbours persons for exploitation shall be punished.\n\n"
        "Article 172. Whoever defrauds another by means of a false name shall be punished with imprisonment.\n\n"
        "TITLE I\nGENERAL PROVISIONS\n\nArticle 1. The purpose of this Law is to prevent trafficking in persons "
        "and to protect its victims.\n\nArticle 2. Victims shall not be punished for offences that are the direct "
        "result of their having been trafficked.\n\nArticle 3. Victims have the right to remain in the country.\n",
        ["Art. 140", "Art. 145 bis", "Art. 172", "Art. 1", "Art. 2", "Art. 3"],
        id="numbering-starts-again-under-a-heading"),
    pytest.param(
        "1. This Act may be cited as the Anti-Trafficking Act and comes into force on publication.\n"
        "2. Any person who traffics in persons commits an offence and is liable to imprisonment.\n"
        "3. The Minister may make regulations for carrying out the purposes of this Act.\n\n"
        "SCHEDULE\nFORM OF NOTICE\n\n1. Name of the officer who issues the notice to the person concerned.\n"
        "2. Address of the officer who issues the notice to the person concerned.\n",
        ["s. 1", "s. 2", "s. 3", "Schedule", "Schedule, para. 1", "Schedule, para. 2"],
        id="a-schedule-is-not-a-new-law"),
]


@pytest.mark.parametrize("text, expected", UNTITLED_RESTARTS)
def test_numbering_restarts_without_a_title(text, expected):
    assert labels(text) == expected


# ------------------------------------------------------------------ civil-law article headings between full stops

def test_article_heading_between_full_stops():
    text = ("Article 3. Scope. The provisions of this Law apply to every victim, national or foreign.\n"
            "Article 4. Non-punishability. Victims shall not be punished for offences resulting from trafficking.\n"
            "Article 5. Shall be punished with imprisonment whoever reduces a person to slavery.\n"
            "Article 6. The court shall order reparation. The assets confiscated shall be applied to it.\n")
    got = [(p.label, p.heading) for p in segment(doc(text))]
    assert got == [("Art. 3", "Scope"), ("Art. 4", "Non-punishability"), ("Art. 5", ""), ("Art. 6", "")]


# ------------------------------------------------------------------ post-Soviet codes in translation

SOVIET_CODE = (
    "Article 126. Abduction of a Person\n1. The abduction of a person shall be punishable by deprivation of liberty.\n"
    "2. The same act committed by a group shall be punishable more severely.\n"
    "Note. A person who voluntarily releases an abducted person shall be exempted from criminal liability.\n"
    "Article 127. Illegal Deprivation of Liberty\n1. The illegal deprivation of liberty shall be punishable.\n"
    "Article 127.1. Trafficking in Persons\n1. The sale of a person shall be punishable by deprivation of liberty.\n"
    "2. The same act, committed:\na) against two or more persons;\nb) by an organised group,\n"
    "shall be punishable by deprivation of liberty for up to ten years.\n"
    "Notes. 1. A person who voluntarily releases the victim shall be exempted from liability.\n"
    "2. In this Article exploitation shall mean forced labour or services.\n"
    "Article 127.2. Use of Slave Labour\n1. The use of slave labour shall be punishable.\n"
    "Article 128. Illegal Placement in a Psychiatric Hospital\n1. Illegal placement shall be punishable.\n")

POST_SOVIET = [
    pytest.param(
        SOVIET_CODE,
        ["Art. 126(1)", "Art. 126(2)", "Art. 126 Note", "Art. 127(1)", "Art. 127.1(1)", "Art. 127.1(2)",
         "Art. 127.1(2)(a)", "Art. 127.1(2)(b)", "Art. 127.1 Note 1", "Art. 127.1 Note 2", "Art. 127.2(1)",
         "Art. 128(1)"],
        id="dot-inserted-articles-parts-items-and-notes"),
    pytest.param(
        "Article 205.8. Training for Terrorism\nThe training of a person shall be punishable.\n"
        "Article 205.9. Financing\nThe financing shall be punishable.\nArticle 205.10. Organisation\n"
        "The organisation shall be punishable.\nArticle 205.11. Recruitment\nThe recruitment shall be punishable.\n"
        "Article 206. Hostage Taking\nThe taking of a hostage shall be punishable.\n",
        ["Art. 205.8", "Art. 205.9", "Art. 205.10", "Art. 205.11", "Art. 206"], id="205.10-after-205.9"),
    pytest.param(
        "Article 322. Illegal Crossing of the State Border\n1. The crossing of the border without documents shall be "
        "punishable.\nNotes.\n1. This Article shall not apply to persons rescued from a shipwreck.\n"
        "2. A victim of trafficking shall be exempted from liability under this Article.\n"
        "Article 323. Breach of the Border Regime\n1. A breach of the regime shall be punishable.\n",
        ["Art. 322(1)", "Art. 322 Note 1", "Art. 322 Note 2", "Art. 323(1)"], id="notes-heading-on-its-own-line"),
    pytest.param(
        "Article 127. Illegal Deprivation of Liberty\n1. The illegal deprivation of liberty shall be punishable.\n"
        "Article 127.1. Trafficking in Persons\n2. The same acts committed:\nа) against two or more persons;\n"
        "б) by a group of persons;\nв) against a minor,\nshall be punishable by deprivation of liberty.\n",
        ["Art. 127(1)", "Art. 127.1(2)", "Art. 127.1(2)(а)", "Art. 127.1(2)(б)", "Art. 127.1(2)(в)"],
        id="cyrillic-items-in-their-order"),
    pytest.param(
        "Article 127. Illegal Deprivation of Liberty\n1. The illegal deprivation of liberty shall be punishable.\n"
        "Article 127.1. Trafficking in Persons\n2. The same acts committed:\na) against two persons;\nb) by a group;\n"
        "c) by an official;\nd) with violence;\n\u0435) across the State border;\nf) with forged documents,\n"
        "shall be punishable.\n",
        ["Art. 127(1)", "Art. 127.1(2)", "Art. 127.1(2)(a)", "Art. 127.1(2)(b)", "Art. 127.1(2)(c)",
         "Art. 127.1(2)(d)", "Art. 127.1(2)(e)", "Art. 127.1(2)(f)"],
        id="a-cyrillic-e-in-a-latin-list-is-e"),
    pytest.param(
        SOVIET_CODE + "\nLAW OF THE REPUBLIC\nON COMBATING TRAFFICKING IN HUMAN BEINGS\n"
        "Article 1. Basic Concepts\nFor the purposes of this Law the following concepts shall be used:\n"
        "1) child means a person who has not attained eighteen years of age;\n"
        "2) victim means a natural person in respect of whom trafficking has been committed.\n"
        "Article 2. Consent of the Victim\nThe consent of a victim shall not be taken into account.\n",
        ["Art. 126(1)", "Art. 126(2)", "Art. 126 Note", "Art. 127(1)", "Art. 127.1(1)", "Art. 127.1(2)",
         "Art. 127.1(2)(a)", "Art. 127.1(2)(b)", "Art. 127.1 Note 1", "Art. 127.1 Note 2", "Art. 127.2(1)",
         "Art. 128(1)", "Art. 1", "Art. 1(1)", "Art. 1(2)", "Art. 2"],
        id="a-law-after-the-code"),
    pytest.param(
        "Section 154. Unlawful Deprivation of Liberty\n(1) The deprivation of liberty shall be punished.\n"
        "Section 154.1 Human Trafficking\n(1) Human trafficking shall be punished.\n(2) Trafficking of a minor "
        "shall be punished.\nSection 154.2 Meaning of Human Trafficking\n(1) Human trafficking is the recruitment "
        "of persons.\nSection 155. Other Offences\n(1) Other offences shall be punished.\n",
        ["s. 154(1)", "s. 154.1(1)", "s. 154.1(2)", "s. 154.2(1)", "s. 155(1)"], id="baltic-dot-inserted-sections"),
    pytest.param(
        "271.10 Jurisdiction\nSection 15.2 (extended geographical jurisdiction—category B) applies to an offence.\n"
        "271.11 Consent no defence\nConsent is no defence.\n",
        ["s. 271.10", "s. 271.11"], id="a-section-cited-at-a-line-start-is-not-one"),
]


@pytest.mark.parametrize("text, expected", POST_SOVIET)
def test_post_soviet_codes(text, expected):
    provisions = segment(doc(text))
    assert [p.label for p in provisions] == expected
    assert all(a.end <= b.start for a, b in zip(provisions, provisions[1:]))


def test_notes_hold_their_own_text():
    provisions = {p.label: p for p in segment(doc(SOVIET_CODE))}
    assert provisions["Art. 127.1(2)"].text.startswith("2. The same act")
    assert provisions["Art. 127.1(2)(b)"].text.endswith("for up to ten years.")
    assert provisions["Art. 127.1 Note 1"].text.startswith("Notes. 1. A person")
    assert provisions["Art. 127.1 Note 2"].text == \
        "2. In this Article exploitation shall mean forced labour or services."
    assert provisions["Art. 126 Note"].text.startswith("Note. A person")
    alone = {p.label: p for p in segment(doc(POST_SOVIET[2].values[0]))}
    assert alone["Art. 322 Note 1"].text.startswith("Notes.\n1. This Article")


def test_australian_note_lines_are_not_notes():
    text = ("271.2 Offence of trafficking\n(1) A person commits an offence.\nNote 1: Division 11 applies.\n"
            "Note 2: See section 15.2.\n(2) The penalty is higher for a child.\n"
            "271.3 Aggravated trafficking\n(1) A person commits an aggravated offence.\n")
    provisions = segment(doc(text))
    assert [p.label for p in provisions] == ["s. 271.2(1)", "s. 271.2(2)", "s. 271.3(1)"]
    assert provisions[0].text.endswith("Note 2: See section 15.2.")


# ------------------------------------------------------------------ U.S. state codes

US_STATE = [
    pytest.param(
        "CODE OF THE STATE\nTITLE 20A. CRIMINAL LAW\nARTICLE 5. OFFENSES AGAINST PERSONAL LIBERTY\n"
        "CHAPTER 5. HUMAN TRAFFICKING\n§ 20A-5-1. Definitions.\n(a) As used in this chapter:\n"
        "(1) \"Adult\" means an individual eighteen years of age or older.\n(2) \"Coercion\" means:\n"
        "(A) the use or threat of force against an individual;\n(B) the use of debt bondage.\n"
        "(b) The definitions in this section apply throughout this chapter.\n§ 20A-5-2. Forced labor.\n"
        "(a) A person who knowingly uses coercion to compel an individual to provide labor commits forced labor.\n"
        "§ 20A-5-9. Vacating convictions.\n(a) A person convicted of prostitution may file a motion to vacate.\n"
        "§ 20A-5-10. Civil action.\n(a) A victim may bring a civil action.\n(b) The court shall award fees.\n",
        ["§ 20A-5-1(a)", "§ 20A-5-1(a)(1)", "§ 20A-5-1(a)(2)", "§ 20A-5-1(a)(2)(A)", "§ 20A-5-1(a)(2)(B)",
         "§ 20A-5-1(b)", "§ 20A-5-2(a)", "§ 20A-5-9(a)", "§ 20A-5-10(a)", "§ 20A-5-10(b)"],
        id="title-article-section-and-an-article-heading"),
    pytest.param(
        "§ 18.2-357. Receiving money from earnings of prostitutes.\nAny person who knowingly receives money from "
        "the earnings of a prostitute is guilty of a Class 4 felony.\n§ 18.2-357.1. Commercial sex trafficking; "
        "penalties.\nA. Any person who, with the intent to receive money, recruits another person for the purpose of "
        "prostitution is guilty of a Class 5 felony.\nB. Any adult who commits a violation of subsection A against a "
        "minor is guilty of a Class 3 felony.\n§ 18.2-358. Seizure of property used in connection with certain "
        "offenses.\nAll property used in connection with a violation of § 18.2-357.1 shall be forfeited.\n",
        ["§ 18.2-357", "§ 18.2-357.1(A)", "§ 18.2-357.1(B)", "§ 18.2-358"], id="virginia-dot-hyphen-and-A."),
    pytest.param(
        "Section 39-13-307. Involuntary labor servitude.\n(a) A person commits the offense of involuntary labor "
        "servitude who knowingly subjects another to forced labor.\n(b) Involuntary labor servitude is a Class B "
        "felony.\nSection 39-13-308. Trafficking for forced labor or services.\n(a) It is an offense for a person "
        "to:\n(1) Knowingly traffic another person for the purpose of forced labor; or\n(2) Recruit another person "
        "knowing that the person will be subjected to forced labor.\n(b) Trafficking is a Class B felony.\n",
        ["§ 39-13-307(a)", "§ 39-13-307(b)", "§ 39-13-308(a)", "§ 39-13-308(a)(1)", "§ 39-13-308(a)(2)",
         "§ 39-13-308(b)"], id="tennessee-section-word"),
    pytest.param(
        "§ 787.05 Unlawful obtaining of labor or services.—Any person who knowingly obtains the labor of a person "
        "by threatening serious harm commits a felony of the second degree.\n§ 787.06 Human trafficking.—\n"
        "(1)(a) The Legislature finds that human trafficking is a form of modern-day slavery.\n"
        "(b) The victims of human trafficking are young children and women.\n(2) As used in this section, the "
        "term:\n(a) \"Coercion\" means using or threatening to use physical force against any person.\n"
        "(b) \"Commercial sexual activity\" means any violation of s. 796.07.\n§ 787.061 Civil actions by victims "
        "of human trafficking.—\n(1) A victim may bring a civil action.\n§ 787.07 Human smuggling.—A person who "
        "transports an individual into this state commits a felony.\n",
        ["§ 787.05", "§ 787.06(1)(a)", "§ 787.06(1)(b)", "§ 787.06(2)", "§ 787.06(2)(a)", "§ 787.06(2)(b)",
         "§ 787.061(1)", "§ 787.07"], id="florida-decimals-nest-as-opened"),
    pytest.param(
        "13-1307. Sex trafficking; classification; definitions\nA. It is unlawful for a person to knowingly "
        "traffic another person who is eighteen years of age or older.\nB. A person who violates this section is "
        "guilty of a class 2 felony.\n13-1308. Trafficking of persons for forced labor or services\nA. It is "
        "unlawful for a person to knowingly traffic another person for forced labor.\nB. A person who violates "
        "this section is guilty of a class 2 felony.\n",
        ["§ 13-1307(A)", "§ 13-1307(B)", "§ 13-1308(A)", "§ 13-1308(B)"], id="title-section-without-the-sign"),
    pytest.param(
        "Sec. 20.04. AGGRAVATED KIDNAPPING. (a) A person commits an offense if the person abducts another person.\n"
        "(b) An offense under this section is a felony of the first degree.\nSec. 20.05. SMUGGLING OF PERSONS. (a) A "
        "person commits an offense if the person transports an individual.\nCHAPTER 20A. TRAFFICKING OF PERSONS\n"
        "Sec. 20A.01. DEFINITIONS. In this chapter:\n(1) \"Child\" means a person younger than 18 years of age.\n"
        "(2) \"Forced labor or services\" means labor or services performed by force.\nSec. 20A.02. TRAFFICKING OF "
        "PERSONS. (a) A person commits an offense if the person knowingly:\n(1) traffics another person with the "
        "intent that the trafficked person engage in forced labor;\n(2) receives a benefit from participating in a "
        "venture.\n(b) An offense under this section is a felony of the second degree.\n",
        ["s. 20.04(a)", "s. 20.04(b)", "s. 20.05(a)", "s. 20A.01", "s. 20A.01(1)", "s. 20A.01(2)", "s. 20A.02(a)",
         "s. 20A.02(a)(1)", "s. 20A.02(a)(2)", "s. 20A.02(b)"], id="texas-lettered-chapter-and-caps-headings"),
]


@pytest.mark.parametrize("text, expected", US_STATE)
def test_us_state_codes(text, expected):
    assert labels(text) == expected


ARTICLES_OVER_SECTIONS = [
    pytest.param(
        "ARTICLE 5. OFFENSES AGAINST PERSONAL LIBERTY\n§ 20A-5-2. Forced labor.\n(a) A person who knowingly uses "
        "coercion commits forced labor.\n(b) The offense is a Class B felony.\nARTICLE 7. PROSTITUTION\n"
        "§ 20A-7-4. Prostitution.\n(a) A person who engages in sexual activity for a fee commits prostitution.\n",
        ["§ 20A-5-2(a)", "§ 20A-5-2(b)", "§ 20A-7-4(a)"], "§ 20A-5-2(b)", "(b) The offense is a Class B felony.",
        id="state-code-articles"),
    pytest.param(
        "ARTICLE I\nGENERAL PROVISIONS\nSection 1. This Act may be cited as the Protection Act.\n"
        "Section 2. In this Act, a child means a person under 18.\nARTICLE II\nOFFENSES\n"
        "Section 3. A person who traffics another person commits an offense.\nSection 4. The offense is a felony.\n",
        ["s. 1", "s. 2", "s. 3", "s. 4"], "s. 2", "Section 2. In this Act, a child means a person under 18.",
        id="articles-of-sections"),
]


@pytest.mark.parametrize("text, expected, label, whole", ARTICLES_OVER_SECTIONS)
def test_an_article_holding_sections_is_a_heading(text, expected, label, whole):
    provisions = segment(doc(text))
    assert [p.label for p in provisions] == expected
    assert {p.label: p for p in provisions}[label].text == whole


def test_caps_heading_run_into_the_first_line():
    provisions = segment(doc(US_STATE[-1].values[0]))
    assert [(p.label, p.heading) for p in provisions][:3] == [
        ("s. 20.04(a)", "AGGRAVATED KIDNAPPING"), ("s. 20.04(b)", "AGGRAVATED KIDNAPPING"),
        ("s. 20.05(a)", "SMUGGLING OF PERSONS")]


def test_letter_dot_subsections_only_in_state_codes():
    text = ("1. This Act may be cited as the Protection Act.\n2. The Minister shall appoint officers.\n"
            "A. B. Smith shall be the first officer.\n3. This Act comes into force on publication.\n")
    assert labels(text) == ["s. 1", "s. 2", "s. 3"]
