"""Small PDFs built with reportlab for the extraction tests (no binaries in the repo).

Each builder draws a layout the extractor must undo (running headers on
alternate sides, margin line numbers, margin notes, two columns, words
hyphenated at line ends, overprinted bold, footnotes, scanned pages) and
returns the text a perfect reading gives, so tests can compare.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

WIDTH, HEIGHT = A4
FONT = "Times-Roman"
BOLD = "Times-Bold"


@dataclass
class Page:
    items: list[tuple[float, float, str, str, float]] = field(default_factory=list)
    """(x, y from the top, text, font, size)."""

    def text(self, x: float, top: float, text: str, font: str = FONT, size: float = 11) -> "Page":
        self.items.append((x, top, text, font, size))
        return self


def write(path: Path, pages: list[Page], **kwargs) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4, **kwargs)
    for page in pages:
        for x, top, text, font, size in page.items:
            c.setFont(font, size)
            c.drawString(x, HEIGHT - top, text)
        c.showPage()
    c.save()
    return path


_VERBS = ["recruits", "transports", "transfers", "harbours", "receives", "abducts", "deceives", "coerces"]
_OBJECTS = ["a child", "a woman", "a worker", "a migrant", "a person", "a minor", "an adult", "a victim",
            "a seafarer", "a student", "a refugee"]
_PURPOSES = ["sexual exploitation", "forced labour", "servitude", "slavery", "organ removal", "begging",
             "forced marriage"]


def sentences(n: int, start: int = 1) -> list[str]:
    """Distinct sentences of plausible statute prose (no two alike, even
    without their numbers)."""
    return [f"Sentence {i}: whoever {_VERBS[i % 8]} {_OBJECTS[i % 11]} for {_PURPOSES[i % 7]} commits "
            f"offence number {i}." for i in range(start, start + n)]


def wrap(text: str, width: float, font: str = FONT, size: float = 11) -> list[str]:
    return simpleSplit(text, font, size, width)


# ------------------------------------------------------------------ layouts

def running_headers(path: Path, n_pages: int = 6) -> tuple[Path, str]:
    """Running header on alternate sides with the page number, a footer on
    odd pages only, a centred page number at the foot, and body text."""
    pages = []
    body_lines = []
    k = 1
    for i in range(1, n_pages + 1):
        page = Page()
        if i % 2:
            page.text(72, 40, "Prevention of Trafficking Act, No. 9 of 2021", size=9).text(520, 40, str(i), size=9)
        else:
            page.text(72, 40, str(i), size=9).text(330, 40, "Prevention of Trafficking Act, No. 9 of 2021", size=9)
        top = 90
        for line in sentences(8, start=k):
            page.text(72, top, line)
            body_lines.append(line)
            top += 16
        k += 8
        if i % 2:
            page.text(230, 780, "Printed by the Government Printer", size=8)
        page.text(290, 805, f"- {i} -", size=9)
        pages.append(page)
    write(path, pages)
    return path, "\n".join(body_lines)


def line_numbers(path: Path) -> tuple[Path, str]:
    """A bill with its lines numbered 5, 10, 15… in the left margin."""
    page = Page()
    body = []
    top = 80
    for i, line in enumerate(sentences(30), start=1):
        page.text(90, top, line, size=10)
        if i % 5 == 0:
            page.text(50, top, str(i), size=9)
        body.append(line)
        top += 15
    write(path, [page])
    return path, "\n".join(body)


@dataclass
class Section:
    number: str
    note: str
    lines: list[str]


def margin_notes(path: Path, left_on_even: bool = True) -> tuple[Path, list[Section]]:
    """A Commonwealth-style act: section headings as notes in a narrow side
    column, on the right of odd pages and on the left of even pages."""
    sections = [
        Section("1.", "Short title.", ["1. This Act may be cited as the Prevention of Trafficking Act."]),
        Section("2.", "Offence of trafficking in persons.", [
            "2. (1) Any person who recruits, transports, transfers, harbours or receives",
            "a person by means of threat or use of force for the purpose of exploitation",
            "commits the offence of trafficking in persons.",
            "(2) The consent of the victim is irrelevant where any of the means set",
            "forth in subsection (1) has been used."]),
        Section("3.", "Penalty.", [
            "3. A person who commits an offence under section 2 shall on conviction",
            "be liable to imprisonment for a term not exceeding twenty years."]),
        Section("4.", "Protection of victims from prosecution for unlawful acts.", [
            "4. A victim of trafficking shall not be prosecuted for an offence",
            "committed as a direct consequence of having been trafficked."]),
        Section("5.", "Interpretation.", [
            "5. In this Act, unless the context otherwise requires,",
            "\u201cchild\u201d means a person under the age of eighteen years."]),
    ]
    pages = [Page(), Page()]
    layout = {0: (72, 380, 410, 120), 1: (170, 470, 60, 100)}  # body x, body right, note x, note width
    top = {0: 90.0, 1: 90.0}
    for n, section in enumerate(sections):
        p = 0 if n < 3 else 1
        body_x, _, note_x, note_w = layout[p]
        page = pages[p]
        for j, line in enumerate(wrap(section.note, note_w, size=8)):
            page.text(note_x, top[p] + j * 9, line, size=8)
        for line in section.lines:
            page.text(body_x, top[p], line, size=10)
            top[p] += 14
        top[p] += 16
    write(path, pages)
    return path, sections


def two_columns(path: Path, n_pages: int = 2) -> tuple[Path, str]:
    """A gazette in two columns under a full-width title, with a running header."""
    words_in_order = []
    pages = []
    k = 1
    for i in range(1, n_pages + 1):
        page = Page()
        page.text(72, 40, f"Official Gazette {i}", size=9)
        top = 80
        if i == 1:
            title = "CHAPTER 1 - PREVENTION OF TRAFFICKING IN PERSONS AND PROTECTION OF VICTIMS"
            page.text(72, top, title, font=BOLD, size=11)
            words_in_order.append(title)
            top += 30
        for x in (60, 315):
            y = top
            column = " ".join(sentences(9, start=k))
            k += 9
            lines = wrap(column, 220, size=10)
            for line in lines:
                page.text(x, y, line, size=10)
                y += 13
            words_in_order.extend(lines)
        pages.append(page)
    write(path, pages)
    return path, "\n".join(words_in_order)


def hyphenated(path: Path) -> tuple[Path, list[str]]:
    """Words broken at line ends by the typesetter, and real compounds
    broken at their hyphen."""
    lines = [
        "Whoever engages in the traf-",
        "ficking of persons commits an",
        "offence; the anti-",
        "trafficking unit and non-",
        "governmental organizations, the",
        "Attorney-",
        "General and any self-",
        "employed person shall co-",
        "operate with the investi-",
        "gation of the offence.",
    ]
    page = Page()
    for i, line in enumerate(lines):
        page.text(72, 90 + 14 * i, line)
    write(path, [page])
    return path, lines


def overprinted(path: Path) -> tuple[Path, str]:
    """Bold simulated by drawing each heading twice, a fraction of a point apart."""
    c = canvas.Canvas(str(path), pagesize=A4)
    heading = "12. Offence of trafficking in persons."
    body = "Any person who traffics another person commits an offence."
    c.setFont(FONT, 11)
    for dx in (0, 0.3):
        c.drawString(72 + dx, HEIGHT - 90, heading)
    # character by character too, as some printers do
    x = 72.0
    for ch in "13. Penalty.":
        c.drawString(x, HEIGHT - 140, ch)
        c.drawString(x + 0.25, HEIGHT - 140, ch)
        x += c.stringWidth(ch, FONT, 11)
    c.drawString(72, HEIGHT - 110, body)
    c.showPage()
    c.save()
    return path, f"{heading}\n{body}\n13. Penalty."


def footnotes(path: Path) -> tuple[Path, str]:
    """Body text with superscript footnote markers and footnotes at the foot."""
    c = canvas.Canvas(str(path), pagesize=A4)
    body = [
        "1. Short title.- (1) This Act may be called the Bonded Labour Act.",
        "(2) It extends to the whole of the Province.",
        "(3) It shall come into force at once.",
        "2. Definitions.- In this Act, unless there is anything repugnant,",
        "(a) \"advance\" means an advance made by one person to another;",
    ]
    top = 90
    for line in body:
        c.setFont(FONT, 12)
        c.drawString(72, HEIGHT - top, line)
        top += 16
    # a marker after "Province"
    c.setFont(FONT, 7)
    c.drawString(72 + c.stringWidth(body[1][:-1], FONT, 12) + 1, HEIGHT - 86 - 16, "2")
    c.line(72, HEIGHT - 720, 200, HEIGHT - 720)
    c.setFont(FONT, 6)
    c.drawString(72, HEIGHT - 728, "1")
    c.setFont(FONT, 8)
    c.drawString(76, HEIGHT - 732, "This Act received the assent of the Governor on 11 March 1992.")
    c.setFont(FONT, 6)
    c.drawString(72, HEIGHT - 742, "2")
    c.setFont(FONT, 8)
    c.drawString(76, HEIGHT - 746, "Substituted for the word Pakistan by the Amendment Act 2012.")
    c.showPage()
    c.save()
    return path, "\n".join(body)


def scanned(path: Path, lines: list[str], dpi: int = 200, with_text_page: bool = False) -> Path:
    """Pages that are only an image of text (a scan), made by rendering a
    text PDF and drawing the picture into a new PDF; optionally followed by
    a page with a text layer."""
    import pypdfium2 as pdfium
    from reportlab.lib.utils import ImageReader

    source = io.BytesIO()
    c = canvas.Canvas(source, pagesize=A4)
    c.setFont(FONT, 13)
    for i, line in enumerate(lines):
        c.drawString(72, HEIGHT - 90 - 20 * i, line)
    c.showPage()
    c.save()
    pdf = pdfium.PdfDocument(source.getvalue())
    image = pdf[0].render(scale=dpi / 72, grayscale=True).to_pil()
    pdf.close()
    out = canvas.Canvas(str(path), pagesize=A4)
    out.drawImage(ImageReader(image), 0, 0, WIDTH, HEIGHT)
    out.showPage()
    if with_text_page:
        out.setFont(FONT, 12)
        out.drawString(72, HEIGHT - 90, "Schedule. The offences listed in section 2 are extraditable offences.")
        out.showPage()
    out.save()
    return path


def rotated(path: Path) -> tuple[Path, list[str]]:
    """A landscape schedule: a page with /Rotate 90 whose text reads upright
    on screen."""
    lines = ["SCHEDULE (section 12)", "1. Any person who traffics a child commits an offence.",
             "2. The penalty is imprisonment for life."]
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setPageRotation(90)
    c.saveState()
    c.rotate(90)
    c.setFont(FONT, 12)
    for i, line in enumerate(lines):
        c.drawString(72, -72 - 20 * i, line)
    c.restoreState()
    c.showPage()
    c.save()
    return path, lines


def scanned_with_garbage_layer(path: Path, lines: list[str]) -> Path:
    """A scanned page carrying an invisible text layer that is garbage (a
    scanner's failed OCR, or a font without a Unicode map): letters shifted."""
    from reportlab.lib.utils import ImageReader

    image_pdf = scanned(path.with_suffix(".img.pdf"), lines)
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(image_pdf))
    image = pdf[0].render(scale=200 / 72, grayscale=True).to_pil()
    pdf.close()
    c = canvas.Canvas(str(path), pagesize=A4)
    c.drawImage(ImageReader(image), 0, 0, WIDTH, HEIGHT)
    shifted = ["".join(chr((ord(ch) - 97 + 3) % 26 + 97) if ch.islower() else ch for ch in line) for line in lines]
    text = c.beginText()
    text.setTextRenderMode(3)  # invisible, as OCR layers are
    text.setFont(FONT, 13)
    for i, line in enumerate(shifted * 3):
        text.setTextOrigin(72, HEIGHT - 90 - 20 * i)
        text.textLine(line)
    c.drawText(text)
    c.showPage()
    c.save()
    return path


def blank_then_text(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont(FONT, 12)
    c.drawString(72, HEIGHT - 90, "1. This Act may be cited as the Test Act.")
    c.showPage()
    c.showPage()  # an empty page
    c.setFont(FONT, 12)
    c.drawString(72, HEIGHT - 90, "2. Any person who traffics a child commits an offence.")
    c.showPage()
    c.save()
    return path


def simple(path: Path, n_pages: int = 2, **kwargs) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4, **kwargs)
    for i in range(n_pages):
        c.setFont(FONT, 12)
        c.drawString(72, HEIGHT - 300, f"{i + 1}. Any person who traffics another person commits offence {i + 1}.")
        c.showPage()
    c.save()
    return path
