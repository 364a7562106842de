"""Reports built in code for the renderer tests (independent of the checklist engine).

``sample_report()`` is a plausible mixed framework: a trafficking act and an
immigration act of a fictitious state, with all 20 items of STANDARDS.md (met,
partial and gap findings, elements, values, qualifiers, OCR'd pages, a page
without text, an extraction warning). ``hostile_report()`` is the same report
with hostile strings planted in every field that comes from a document.
"""

from __future__ import annotations

from dataclasses import replace

from gapcheck.models import (
    ChecklistRef,
    DocumentSummary,
    ElementResult,
    Evidence,
    Finding,
    OcrPage,
    Report,
    State,
)

ACT = "trafficking-in-persons-act-2009.pdf"
IMM = "immigration-act-cap-14-02.pdf"
PAPER = "ICAT issue paper (2012)"

HOSTILE = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "{{ 7*7 }}",
    "javascript:alert(1)",
    "[click here](javascript:alert(1))",
    "![tracker](https://evil.example/t.png)",
    "\x1b[31mRED\x1b[0m",
    "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\",
    "[bold red]MARKUP[/bold red]",
    "| pipe | cell |",
    "`code` **bold**",
    "\u202eevil-override",
)
HOSTILE_TEXT = " ".join(HOSTILE)


def _ev(doc, prov, page, quote, heading="", elements=()):
    return Evidence(document=doc, provision=prov, page=page, quote=quote, heading=heading, elements=tuple(elements))


def _els(found: dict[str, tuple[str, tuple[str, ...]]], missing: dict[str, str]) -> tuple[ElementResult, ...]:
    out = [ElementResult(i, True, label, provs) for i, (label, provs) in found.items()]
    out += [ElementResult(i, False, label) for i, label in missing.items()]
    return tuple(out)


OFFENCE_QUOTE = (
    "A person who recruits, transports, transfers, harbours or receives another person by means of the threat "
    "or use of force or other forms of coercion, abduction, fraud or deception, for the purpose of exploitation, "
    "commits the offence of trafficking in persons and is liable on conviction on indictment to imprisonment for life."
)
EXPLOITATION_QUOTE = (
    "\"exploitation\" includes the exploitation of the prostitution of others or other forms of sexual "
    "exploitation, forced labour or services, slavery or practices similar to slavery, servitude and debt bondage."
)


def findings() -> tuple[Finding, ...]:
    s3 = _ev(ACT, "s. 3(1)", 4, OFFENCE_QUOTE, "Trafficking in persons")
    s2 = _ev(ACT, 's. 2 "exploitation"', 2, EXPLOITATION_QUOTE, "Interpretation")
    return (
        Finding(
            "TIP-OFFENCE", "Trafficking in persons is a criminal offence", "definition", "met",
            evidence=(replace(s3, elements=("offence",)),),
            explanation="Section 3(1) creates the offence of trafficking in persons, punishable by imprisonment for life.",
            confidence="high", confidence_reason="explicit offence-creating wording",
            standard="The law makes trafficking in persons a criminal offence.",
            sources=(f"{PAPER} s. 2.2", "Protocol art. 5(1)"),
        ),
        Finding(
            "TIP-ACTS", "The act element covers all five actions", "definition", "met",
            elements=_els({k: (k, ("s. 3(1)",)) for k in ("recruitment", "transportation", "transfer", "harbouring", "receipt")}, {}),
            evidence=(replace(s3, elements=("recruitment", "transportation", "transfer", "harbouring", "receipt")),),
            explanation="All five actions of the Protocol appear in the offence.",
            confidence="high", confidence_reason="all five verbs in the offence provision",
            standard="The offence covers recruiting, transporting, transferring, harbouring and receiving a person.",
            sources=(f"{PAPER} s. 2.2", "Protocol art. 3(a)"),
        ),
        Finding(
            "TIP-MEANS", "The means element covers all the Protocol's means", "definition", "partial",
            elements=_els(
                {"force": ("threat or use of force", ("s. 3(1)",)), "coercion": ("other forms of coercion", ("s. 3(1)",)),
                 "abduction": ("abduction", ("s. 3(1)",)), "fraud": ("fraud", ("s. 3(1)",)),
                 "deception": ("deception", ("s. 3(1)",))},
                {"abuse_of_power": "abuse of power", "abuse_of_vulnerability": "abuse of a position of vulnerability",
                 "payments": "giving or receiving payments or benefits"},
            ),
            evidence=(replace(s3, elements=("force", "coercion", "abduction", "fraud", "deception")),),
            explanation="The offence lists five of the eight means; abuse of power, abuse of a position of "
                        "vulnerability and payments to a person having control over the victim are absent.",
            searched=f"abuse of power or of a position of vulnerability, giving or receiving payments or benefits, in {ACT} and {IMM}",
            confidence="high", confidence_reason="means listed exhaustively in one provision",
            recommendation="Add abuse of power or of a position of vulnerability, and the giving or receiving of "
                           "payments or benefits to achieve the consent of a person having control over another, "
                           "to the means listed in s. 3(1).",
            standard="The offence can be committed by any of the means in the Protocol, including abuse of a "
                     "position of vulnerability and payments to a person in control of the victim.",
            sources=(f"{PAPER} s. 2.2", "Protocol art. 3(a)"),
        ),
        Finding(
            "TIP-PURPOSES", "The purposes cover the Protocol's minimum forms of exploitation", "definition", "partial",
            elements=_els(
                {"prostitution_of_others": ("exploitation of the prostitution of others", ('s. 2 "exploitation"',)),
                 "sexual_exploitation": ("other forms of sexual exploitation", ('s. 2 "exploitation"',)),
                 "forced_labour": ("forced labour or services", ('s. 2 "exploitation"',)),
                 "slavery": ("slavery", ('s. 2 "exploitation"',)),
                 "practices_similar_to_slavery": ("practices similar to slavery", ('s. 2 "exploitation"',)),
                 "servitude": ("servitude", ('s. 2 "exploitation"',))},
                {"organ_removal": "removal of organs"},
            ),
            evidence=(s2,),
            explanation="The definition of exploitation covers six of the seven minimum forms; removal of organs is not mentioned.",
            searched=f"removal of organs, tissue or body parts, in the definitions and offence provisions of {ACT} and {IMM}",
            confidence="high", confidence_reason="exhaustive definition",
            recommendation="Add the removal of organs to the definition of exploitation in s. 2.",
            standard="Exploitation includes at least the prostitution of others and other sexual exploitation, forced "
                     "labour or services, slavery and similar practices, servitude and the removal of organs.",
            sources=(f"{PAPER} s. 2.2", "Protocol art. 3(a)"),
        ),
        Finding(
            "TIP-CONSENT", "The victim's consent is irrelevant where a means was used", "definition", "met",
            evidence=(_ev(ACT, "s. 3(3)", 4, "The consent of a victim of trafficking in persons to the intended "
                          "exploitation is irrelevant where any of the means set out in subsection (1) has been used.",
                          "Trafficking in persons"),),
            explanation="Section 3(3) makes consent irrelevant for every victim where a means was used.",
            confidence="high", confidence_reason="explicit provision",
            standard="Consent to the intended exploitation is no defence once a means has been used.",
            sources=(f"{PAPER} s. 2.2", "Protocol art. 3(b)"),
        ),
        Finding(
            "CHILD-NO-MEANS", "For a child victim, no means need be proved", "children", "partial",
            qualifiers=("named-offences-only",),
            evidence=(_ev(ACT, "s. 4(1)", 5, "A person who recruits, transports, transfers, harbours or receives a "
                          "child for the purpose of sexual exploitation commits an offence, whether or not any of the "
                          "means set out in section 3(1) has been used.", "Trafficking in children"),),
            explanation="The child offence dispenses with the means only where the purpose is sexual exploitation; "
                        "a child trafficked for forced labour must be shown to have been coerced or deceived.",
            confidence="medium", confidence_reason="the purpose restriction is inferred from the offence wording",
            recommendation="Extend s. 4(1) to every form of exploitation in s. 2, so that no means need be proved "
                           "whenever the victim is a child.",
            standard="Where the victim is a child, recruiting, transporting, transferring, harbouring or receiving "
                     "the child for exploitation is trafficking even if no means was used.",
            sources=(f"{PAPER} s. 2.2", "Protocol art. 3(c)"),
        ),
        Finding(
            "CHILD-AGE-18", "A child is any person under eighteen", "children", "partial",
            values={"age": 16},
            evidence=(_ev(ACT, 's. 2 "child"', 2, "\"child\" means a person under the age of sixteen years.", "Interpretation"),),
            explanation="The Act defines a child as a person under sixteen, two years below the international threshold.",
            confidence="high", confidence_reason="explicit definition",
            recommendation="Amend the definition of \"child\" in s. 2 to mean any person under the age of eighteen years.",
            standard="Every person under eighteen is a child for the purposes of the trafficking offence.",
            sources=(f"{PAPER} s. 2.2", "Protocol art. 3(d)"),
        ),
        Finding(
            "SCOPE-DOMESTIC", "Internal trafficking is covered", "scope", "met",
            evidence=(_ev(ACT, "s. 3(2)", 4, "An offence under subsection (1) may be committed whether or not the "
                          "victim is moved within or across the borders of the State.", "Trafficking in persons"),),
            explanation="The offence applies within and across borders.",
            confidence="high", confidence_reason="explicit wording",
            standard="The offence applies whether or not the victim crosses a border.",
            sources=(f"{PAPER} s. 2.2 and note 9",),
        ),
        Finding(
            "SCOPE-NO-OCG", "No transnational or organised-crime element", "scope", "met",
            qualifiers=("organised-crime-aggravation",),
            evidence=(_ev(ACT, "s. 7(b)", 6, "the offence was committed as part of the activity of an organised "
                          "criminal group;", "Aggravating circumstances"),),
            explanation="Involvement of an organised criminal group aggravates the penalty but is not an element of the offence.",
            confidence="high", confidence_reason="found only among aggravating circumstances",
            standard="The offence does not require a transnational element or an organised criminal group.",
            sources=(f"{PAPER} s. 2.2 and note 9", "Protocol art. 1(2)"),
        ),
        Finding(
            "SCOPE-ALL-VICTIMS", "The offence protects every person", "scope", "met",
            evidence=(replace(s3, elements=("any person",)),),
            explanation="The offence protects \"another person\", whatever their sex or age.",
            confidence="high", confidence_reason="gender- and age-neutral wording",
            standard="Anyone can be a victim, whatever their sex or age.",
            sources=(f"{PAPER} s. 2.2 and note 9",),
        ),
        Finding(
            "EXPL-EXTENDED", "Exploitation covers debt bondage, forced marriage and child labour", "exploitation", "partial",
            elements=_els({"debt_bondage": ("debt bondage", ('s. 2 "exploitation"',))},
                          {"forced_marriage": "forced marriage", "child_labour": "worst forms of child labour"}),
            evidence=(replace(s2, elements=("debt_bondage",)),),
            explanation="Debt bondage is a form of exploitation; forced marriage and the worst forms of child labour are not.",
            searched=f"forced or servile marriage, child begging, use of children in illicit activities, in {ACT} and {IMM}",
            confidence="high", confidence_reason="exhaustive definition",
            recommendation="Add forced marriage and the worst forms of child labour, including the use of children "
                           "in begging and illicit activities, to the definition of exploitation.",
            standard="Exploitation also covers debt bondage, forced marriage and the worst forms of child labour.",
            sources=(f"{PAPER} s. 4.1", "Recommended Principles, Principle 12", "Guideline 4.1"),
        ),
        Finding(
            "EXPL-STANDALONE", "Slavery, servitude, forced labour and debt bondage are offences in their own right", "exploitation", "gap",
            elements=_els({}, {"slavery": "slavery", "servitude": "servitude", "forced_labour": "forced labour",
                              "debt_bondage": "debt bondage"}),
            explanation="These practices appear only as purposes of trafficking; no separate offence was found.",
            searched=f"offences of holding a person in slavery or servitude, requiring forced labour, or debt bondage, in {ACT} and {IMM}",
            confidence="medium", confidence_reason="a penal code was not among the documents analysed",
            recommendation="Create separate offences of slavery, servitude, forced labour and debt bondage, or "
                           "confirm that the penal code already contains them.",
            standard="Slavery, servitude, forced labour and debt bondage are crimes even when no trafficking is proved.",
            sources=(f"{PAPER} s. 4.1", "Recommended Principles, Principle 12"),
        ),
        Finding(
            "NONPUN-PRINCIPLE", "Victims are not punished for offences they were compelled to commit", "non-punishment", "partial",
            qualifiers=("discretionary",),
            evidence=(_ev(ACT, "s. 18", 11, "A victim of trafficking may not be prosecuted for an offence committed as "
                          "a direct result of being trafficked.", "Immunity of victims"),),
            explanation="The provision is discretionary in effect (\"may not\" leaves a prosecutorial choice) rather than a bar.",
            confidence="medium", confidence_reason="\"may not\" can be read as prohibitive or permissive",
            recommendation="Replace \"may not be prosecuted\" with \"shall not be prosecuted, detained or punished\" in s. 18.",
            standard="Victims are not prosecuted or punished for unlawful acts that are a direct consequence of their being trafficked.",
            sources=(f"{PAPER} s. 3.6 and 4.3", "Recommended Principles, Principle 7", "CoE Convention art. 26"),
        ),
        Finding(
            "NONPUN-STATUS", "Status-related offences are explicitly covered", "non-punishment", "gap",
            explanation="No provision names unlawful entry, stay or work, or false documents, among the acts for which victims are not punished.",
            searched=f"non-punishment for unlawful entry, stay or work, false or missing travel documents and prostitution, in {ACT} and {IMM}",
            confidence="high", confidence_reason="nothing found in either document",
            recommendation="Add to s. 18 an express reference to immigration and document offences and, where "
                           "criminalised, prostitution.",
            standard="The protection from punishment expressly covers immigration offences, false documents and prostitution.",
            sources=(f"{PAPER} s. 3.6", "Recommended Principles, Principle 7"),
        ),
        Finding(
            "VICTIM-NO-DETENTION", "Victims are not detained", "non-punishment", "gap",
            evidence=(_ev(IMM, "s. 31(2)", 17, "A person found in the State without leave may be detained in a place "
                          "of detention pending removal.", "Detention pending removal"),),
            explanation="Victims without leave fall under the general detention power pending removal; no exception for victims was found.",
            searched=f"a bar on detaining victims, or voluntary stay in shelters, in {ACT} and {IMM}",
            confidence="low", confidence_reason="page 17 was read by OCR (71 % confidence)",
            recommendation="Provide that presumed victims shall not be held in immigration detention and that stay in a shelter is voluntary.",
            standard="Victims are not held in immigration detention or kept in shelters against their will.",
            sources=(f"{PAPER} s. 4.5",),
        ),
        Finding(
            "RESID-REFLECTION", "A recovery and reflection period of at least 30 days", "residence-return", "partial",
            values={"days": 15},
            evidence=(_ev(IMM, "s. 22A(1)", 12, "The Minister may grant a foreign national who is a presumed victim of "
                          "trafficking a period of fifteen days to recover and consider whether to assist the authorities.",
                          "Reflection period"),),
            qualifiers=("discretionary",),
            explanation="A period of fifteen days is available at the Minister's discretion; removal is not expressly suspended.",
            confidence="high", confidence_reason="explicit number of days",
            recommendation="Provide a period of at least 30 days as of right, during which no removal order may be enforced.",
            standard="Foreign victims have at least 30 days to recover and decide, during which they are not removed.",
            sources=(f"{PAPER} s. 4.5", "CoE Convention art. 13"),
        ),
        Finding(
            "RESID-PERMIT", "Temporary or permanent residence for victims", "residence-return", "partial",
            qualifiers=("cooperation-condition",),
            evidence=(_ev(IMM, "s. 22B", 13, "A temporary residence permit may be issued to a victim of trafficking who "
                          "cooperates with the competent authorities in the investigation or prosecution of the offence.",
                          "Temporary residence"),),
            explanation="Residence depends on cooperation with the investigation or prosecution.",
            confidence="high", confidence_reason="explicit cooperation condition",
            recommendation="Allow a permit on the victim's personal situation, independently of cooperation.",
            standard="Foreign victims can stay, on the basis of their personal situation and not only if they cooperate.",
            sources=(f"{PAPER} s. 4.5", "Protocol art. 7", "CoE Convention art. 14"),
        ),
        Finding(
            "RETURN-SAFE", "Return with due regard for safety, preferably voluntary", "residence-return", "met",
            evidence=(_ev(ACT, "s. 24(1)", 14, "The return of a victim of trafficking to his or her country of origin "
                          "shall be carried out with due regard for the safety of the victim and shall preferably be voluntary.",
                          "Repatriation"),),
            explanation="Both safety and voluntariness are required.",
            confidence="high", confidence_reason="explicit provision",
            standard="Victims are returned safely and, preferably, voluntarily.",
            sources=(f"{PAPER} s. 4.5", "Protocol art. 8(2)"),
        ),
        Finding(
            "RETURN-RISK", "A risk assessment or non-refoulement before return", "residence-return", "gap",
            explanation="No risk assessment, best-interests determination or non-refoulement safeguard was found.",
            searched=f"risk assessment, best interests of the child, non-refoulement or asylum before return, in {ACT} and {IMM}",
            confidence="medium", confidence_reason="page 18 of the immigration act yielded no text",
            recommendation="Require an individual risk assessment (and, for children, a best-interests determination) before any return.",
            standard="Before return, the risks to the victim are assessed and the principle of non-refoulement is respected.",
            sources=(f"{PAPER} s. 4.5", "Protocol art. 14(1)"),
        ),
        Finding(
            "VICTIM-REMEDY", "Compensation or restitution for victims", "residence-return", "met",
            evidence=(_ev(ACT, "s. 21(1)", 12, "Where a person is convicted of an offence under this Act, the court "
                          "shall order the person to pay restitution to the victim.", "Restitution"),),
            explanation="Restitution is mandatory on conviction.",
            confidence="high", confidence_reason="mandatory wording",
            standard="Victims can obtain compensation or restitution.",
            sources=(f"{PAPER} s. 4.5", "Protocol art. 6(6)"),
        ),
    )


def sample_report(**changes) -> Report:
    report = Report(
        state=State("XA", "User-assigned code (draft, model law or test)"),
        documents=(
            DocumentSummary(ACT, "3f1c" + "a9" * 30, 16, provisions=64, engine="pdfium"),
            DocumentSummary(IMM, "b7e2" + "4d" * 30, 40, pages_without_text=(18,),
                            ocr_pages=(OcrPage(17, 71.4), OcrPage(19, 88.0)),
                            warnings=("pages 2-40: a running header was removed",), engine="pdfium", provisions=212),
        ),
        checklist=ChecklistRef("icat-2012", "1.0", "ICAT 2012 legal frameworks"),
        findings=findings(),
        tool_version="0.1.0",
        generated_at="2026-01-15T09:30:00Z",
    )
    return replace(report, **changes) if changes else report


def hostile_report() -> Report:
    """The sample report with hostile strings in every document-derived field."""
    base = sample_report()
    bad_doc = "evil<script>alert(1)</script>[x](javascript:alert(1))\x1b[2J.pdf"
    fs = []
    for f in base.findings:
        ev = tuple(
            replace(e, document=bad_doc, provision=e.provision + " <b>[red]x[/red]</b>",
                    quote=e.quote + " " + HOSTILE_TEXT, heading=HOSTILE_TEXT)
            for e in f.evidence
        )
        els = tuple(replace(e, label=e.label + " <i>" + HOSTILE[0], provisions=e.provisions + (HOSTILE[1],))
                    for e in f.elements)
        fs.append(replace(f, evidence=ev, elements=els, explanation=f.explanation + " " + HOSTILE_TEXT,
                          searched=(f.searched + " " + HOSTILE_TEXT) if f.searched else "",
                          qualifiers=f.qualifiers + ("<script>q</script>",)))
    docs = tuple(replace(d, file=bad_doc, warnings=d.warnings + (HOSTILE_TEXT,)) for d in base.documents)
    return replace(base, findings=tuple(fs), documents=docs)
