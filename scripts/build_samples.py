#!/usr/bin/env python3
"""Build the sample statute PDFs in ``samples/`` from their ``.txt`` sources.

    python scripts/build_samples.py                 # rebuild every sample in place
    python scripts/build_samples.py strong weak     # only these
    python scripts/build_samples.py --out /tmp/x    # write elsewhere (tests do this)

The ``.txt`` file is the statute's text, one printed paragraph per line.
Leading spaces give the nesting level (four per level), a line holding only a
form feed forces a new page, and a blank line is a little vertical space.
Everything else is inferred from the text itself, the way a typesetter would
read a manuscript:

* the lines before the first blank line are the title block (centred, bold);
* a line in capitals (``PART II``, ``CHAPTER XIV``) is a centred heading;
* a line in square brackets is set flush right in italics;
* a leading label (``4.``, ``(1)``, ``(a)``, ``(A)``, ``a)``) hangs in the
  margin of its paragraph, the text and its continuation lines aligned after it;
* ``commonwealth`` style: a short unnumbered line just before a numbered section
  is that section's short heading, printed as a margin note in a narrow column
  beside the section's first line;
* ``civil`` style: ``Article 301`` is centred in bold and the line after it, the
  article's heading, centred in italics;
* ``code`` style: a ``§ 101. …`` line is a bold section heading;
* ``decimal`` style (sections ``279.01``, ``24.1``, ``738``): a short unnumbered
  line just before a numbered line is a bold heading above it.

Every page carries a running header (the act's short title) and a page number
in the footer, as printed statutes do. The output is deterministic: reportlab's
invariant mode fixes the creation date and document ID, so rebuilding an
unchanged source gives a byte-identical PDF.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES_DIR = ROOT / "samples"

INDENT_SPACES = 4


@dataclass(frozen=True)
class Layout:
    """How one sample is printed."""

    style: str
    """``commonwealth``, ``civil``, ``code`` or ``decimal``: how headings are recognised and set."""
    title: str
    """Document title (PDF metadata)."""
    running_header: str
    """Printed at the top of every page."""
    header_right: str = ""
    """Optional second header item, flush right (the main header is then flush left)."""
    footer: str = "{n}"
    """Page number line; ``{n}`` is the page number."""
    footer_align: str = "centre"
    page_size: str = "A4"
    font: str = "Times"
    """``Times`` or ``Helvetica`` (standard PDF fonts: nothing is embedded)."""
    size: float = 10.5
    leading: float = 13.0
    step: float = 24.0
    """Indentation of one nesting level, in points (also the default hanging indent)."""
    margin_note_width: float = 0.0
    """Width of the margin-note column (commonwealth style); 0 for none."""


LAYOUTS: dict[str, Layout] = {
    "strong": Layout(
        style="commonwealth",
        title="Republic of Xandria: Trafficking in Persons (Prevention, Punishment and Victim Protection) Act, 2023",
        running_header="Trafficking in Persons (Prevention, Punishment and Victim Protection) Act, 2023",
        footer="{n}",
        margin_note_width=82.0,
    ),
    "weak": Layout(
        style="civil",
        title="State of Xylia: Criminal Code (extract)",
        running_header="Criminal Code of the State of Xylia",
        header_right="Unofficial consolidated text",
        footer="\u2014 {n} \u2014",
        step=20.0,
    ),
    "mixed": Layout(
        style="code",
        title="Commonwealth of Xeno: Consolidated Statutes, Title 9, Chapter 1 (Human Trafficking)",
        running_header="XENO CONSOLIDATED STATUTES \u2014 TITLE 9, CHAPTER 1",
        footer="Page {n}",
        footer_align="right",
        page_size="letter",
        font="Helvetica",
        size=9.5,
        leading=12.0,
        step=18.0,
    ),
    "compilation": Layout(
        style="decimal",
        title="Federation of Xeria: Trafficking in Persons, Compilation of Federal Legislation (unofficial)",
        running_header="Trafficking in Persons \u2014 Compilation of Federal Legislation",
        header_right="Federation of Xeria",
        footer="{n}",
        footer_align="right",
        step=22.0,
    ),
}

FONTS = {
    "Times": ("Times-Roman", "Times-Bold", "Times-Italic"),
    "Helvetica": ("Helvetica", "Helvetica-Bold", "Helvetica-Oblique"),
}

LABEL = re.compile(r"^(\d+[A-Z]?\.|\(\d+[A-Z]?\)|\([a-z]{1,5}\)|\([A-Z]{1,3}\)|[a-z]\))\s+")
DECIMAL_LABEL = re.compile(r"^(\d+(?:\.\d+)?|\(\d+\)|\([a-z]{1,5}\))\s+")
SECTION = re.compile(r"^\d+[A-Z]?\.\s")
ARTICLE = re.compile(r"^Article \d+[a-z]?$")
CODE_SECTION = re.compile(r"^§ \d+")
DEFINITION = re.compile(r"^[\"\u201c][^\"\u201d]+[\"\u201d] (means|includes|has)\b")
DEFINITION_HANG = 12.0


class SourceError(ValueError):
    """The .txt source cannot be typeset as it stands."""


@dataclass(frozen=True)
class Block:
    kind: str
    """title, centre, right, note, article, article-heading, sechead, subhead, para, space, pagebreak"""
    text: str = ""
    level: int = 0
    label: str = ""
    first: bool = False
    """For title lines: the first line of the title block (set larger)."""


def _is_caps(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return bool(letters) and line == line.upper()


def parse(source: str, style: str, name: str = "source") -> list[Block]:
    """Classify each line of a sample's source into a typeset block."""
    lines = source.split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    blocks: list[Block] = []
    in_title = True
    first_title = True
    previous = ""
    for number, raw in enumerate(lines, start=1):
        if raw.strip(" \t") == "\f":
            blocks.append(Block("pagebreak"))
            in_title = False
            continue
        if not raw.strip():
            blocks.append(Block("space"))
            in_title = False
            continue
        stripped = raw.lstrip(" ")
        spaces = len(raw) - len(stripped)
        if spaces % INDENT_SPACES or "\t" in raw:
            raise SourceError(f"{name}:{number}: indent with multiples of {INDENT_SPACES} spaces")
        level = spaces // INDENT_SPACES
        text = stripped.rstrip()
        following = next((ln.strip() for ln in lines[number:] if ln.strip()), "")
        label = (DECIMAL_LABEL if style == "decimal" else LABEL).match(text)
        if in_title:
            blocks.append(Block("title", text, first=first_title))
            first_title = False
        elif text.startswith("[") and text.endswith("]"):
            blocks.append(Block("right", text))
        elif style == "civil" and ARTICLE.match(text):
            blocks.append(Block("article", text))
        elif style == "civil" and ARTICLE.match(previous) and level == 0:
            blocks.append(Block("article-heading", text))
        elif style == "code" and CODE_SECTION.match(text):
            blocks.append(Block("sechead", text))
        elif _is_caps(text) and level == 0 and not label:
            blocks.append(Block("centre", text))
        elif style == "commonwealth" and level == 0 and not label and SECTION.match(following):
            blocks.append(Block("note", text))
        elif (style == "decimal" and level == 0 and not label and DECIMAL_LABEL.match(following)
              and not text.endswith((".", ";", ":", ",", "\u2014"))):
            blocks.append(Block("subhead", text))
        elif label:
            blocks.append(Block("para", text[label.end():], level, label.group(1)))
        else:
            blocks.append(Block("para", text, level))
        previous = text
    return blocks


class _Printer:
    """Sets blocks on pages with a reportlab canvas, one line at a time."""

    def __init__(self, path: Path, layout: Layout) -> None:
        from reportlab import rl_config
        from reportlab.lib.pagesizes import A4, letter
        from reportlab.pdfgen import canvas

        rl_config.invariant = 1
        self.layout = layout
        self.regular, self.bold, self.italic = FONTS[layout.font]
        self.width, self.height = {"A4": A4, "letter": letter}[layout.page_size]
        self.canvas = canvas.Canvas(str(path), pagesize=(self.width, self.height), invariant=1, pageCompression=1)
        self.canvas.setTitle(layout.title)
        self.canvas.setAuthor("gapcheck sample statutes (synthetic)")
        self.canvas.setSubject("Synthetic statute written for testing gapcheck; not the law of any state")
        self.canvas.setCreator("gapcheck scripts/build_samples.py")
        self.margin = 60.0
        self.left = self.margin + (layout.margin_note_width + 14.0 if layout.margin_note_width else 0.0)
        self.right = self.width - self.margin
        self.top = self.height - 78.0
        self.bottom = 66.0
        self.page = 0
        self.y = self.top
        self.floor = self.top
        self._start_page()

    # ------------------------------------------------------------ pages

    def _start_page(self) -> None:
        self.page += 1
        self.y = self.top
        self.floor = self.top
        c, lay = self.canvas, self.layout
        header_y = self.height - 46.0
        c.setFont(self.italic, 8.5)
        if lay.header_right:
            c.drawString(self.margin, header_y, lay.running_header)
            c.drawRightString(self.width - self.margin, header_y, lay.header_right)
        else:
            c.drawCentredString(self.width / 2, header_y, lay.running_header)
        c.setLineWidth(0.4)
        c.line(self.margin, header_y - 5, self.width - self.margin, header_y - 5)

    def _end_page(self) -> None:
        c, lay = self.canvas, self.layout
        c.setFont(self.regular, 9)
        text = lay.footer.format(n=self.page)
        if lay.footer_align == "right":
            c.drawRightString(self.width - self.margin, 38.0, text)
        else:
            c.drawCentredString(self.width / 2, 38.0, text)
        c.showPage()

    def _new_page(self) -> None:
        self._end_page()
        self._start_page()

    def _need(self, height: float) -> None:
        if self.y - height < self.bottom and self.y < self.top:
            self._new_page()

    def _below_notes(self) -> None:
        self.y = min(self.y, self.floor)

    # ------------------------------------------------------------ text

    def _split(self, text: str, font: str, size: float, width: float) -> list[str]:
        from reportlab.lib.utils import simpleSplit
        from reportlab.pdfbase.pdfmetrics import stringWidth

        lines = simpleSplit(text, font, size, width)
        for line in lines:
            if stringWidth(line, font, size) > width + 0.5:
                raise SourceError(f"a word is too wide for the column: {line!r}")
        return lines

    def _line(self, text: str, x: float, font: str, size: float, align: str = "left") -> None:
        c = self.canvas
        c.setFont(font, size)
        if align == "centre":
            c.drawCentredString((self.left + self.right) / 2, self.y, text)
        elif align == "right":
            c.drawRightString(self.right, self.y, text)
        else:
            c.drawString(x, self.y, text)

    def _centred(self, text: str, font: str, size: float, leading: float, keep: int = 3) -> None:
        lines = self._split(text, font, size, self.right - self.left - 20)
        self._below_notes()
        self._need(leading * len(lines) + self.layout.leading * keep)
        for line in lines:
            self._line(line, self.left, font, size, "centre")
            self.y -= leading

    def para(self, block: Block, note: str = "") -> None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        lay = self.layout
        size, leading = lay.size, lay.leading
        x0 = self.left + block.level * lay.step
        if block.label:
            hang = max(lay.step, stringWidth(block.label, self.regular, size) + 5.0)
            text_x = next_x = x0 + hang
        else:
            text_x = x0
            # a definition hangs: its continuation lines are indented
            next_x = x0 + (DEFINITION_HANG if DEFINITION.match(block.text) else 0.0)
        first_lines = self._split(block.text, self.regular, size, self.right - text_x)
        if next_x != text_x and len(first_lines) > 1 and block.text.startswith(first_lines[0]):
            rest = block.text[len(first_lines[0]):].strip()
            lines = first_lines[:1] + self._split(rest, self.regular, size, self.right - next_x)
        else:
            lines = first_lines
        note_lines: list[str] = []
        note_size, note_leading = 8.0, 9.4
        if note:
            note_lines = self._split(note, self.regular, note_size, lay.margin_note_width)
            self._below_notes()
        first_height = max(leading * min(len(lines), 2), note_leading * len(note_lines))
        self._need(first_height)
        if note_lines:
            c = self.canvas
            c.setFont(self.regular, note_size)
            y = self.y
            for line in note_lines:
                c.drawString(self.margin, y, line)
                y -= note_leading
            self.floor = y + note_leading - leading
        for i, line in enumerate(lines):
            if i:
                self._need(leading)
            if i == 0 and block.label:
                self._line(block.label, x0, self.regular, size)
            self._line(line, text_x if i == 0 else next_x, self.regular, size)
            self.y -= leading
        self.y -= 1.5

    def block(self, block: Block, note: str = "") -> None:
        lay = self.layout
        if block.kind == "pagebreak":
            self._new_page()
        elif block.kind == "space":
            if self.y < self.top:
                self.y -= lay.leading * 0.55
        elif block.kind == "title":
            size = lay.size + (5 if block.first else 2.5)
            self._centred(block.text, self.bold, size, size * 1.3)
        elif block.kind == "centre":
            self._centred(block.text, self.bold, lay.size, lay.leading)
        elif block.kind == "right":
            self._need(lay.leading)
            self._line(block.text, self.left, self.italic, lay.size, "right")
            self.y -= lay.leading
        elif block.kind == "article":
            self.y -= 3
            self._centred(block.text, self.bold, lay.size, lay.leading, keep=4)
        elif block.kind == "article-heading":
            self._centred(block.text, self.italic, lay.size, lay.leading, keep=2)
            self.y -= 2
        elif block.kind == "sechead":
            self._below_notes()
            self.y -= 3
            lines = self._split(block.text, self.bold, lay.size, self.right - self.left)
            self._need(lay.leading * (len(lines) + 3))
            for line in lines:
                self._line(line, self.left, self.bold, lay.size)
                self.y -= lay.leading
            self.y -= 1
        elif block.kind == "subhead":
            self.y -= 2
            lines = self._split(block.text, self.bold, lay.size - 1, self.right - self.left)
            self._need(lay.leading * (len(lines) + 2))
            for line in lines:
                self._line(line, self.left, self.bold, lay.size - 1)
                self.y -= lay.leading - 1
        elif block.kind == "para":
            self.para(block, note)
        else:  # pragma: no cover - parse() produces no other kinds
            raise SourceError(f"unknown block kind {block.kind!r}")

    def close(self) -> int:
        self._end_page()
        self.canvas.save()
        return self.page


def build(name: str, out_dir: Path, samples_dir: Path = SAMPLES_DIR) -> Path:
    """Typeset ``samples_dir/<name>.txt`` as ``out_dir/<name>.pdf``; return the PDF's path."""
    layout = LAYOUTS.get(name)
    if layout is None:
        raise SourceError(f"{name}: no layout in scripts/build_samples.py (add it to LAYOUTS)")
    source = (samples_dir / f"{name}.txt").read_text(encoding="utf-8")
    blocks = parse(source, layout.style, f"{name}.txt")
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{name}.pdf"
    partial = out_dir / f".{name}.pdf.tmp"
    printer = _Printer(partial, layout)
    pending_note = ""
    for block in blocks:
        if block.kind == "note":
            pending_note = block.text
            continue
        printer.block(block, pending_note)
        pending_note = ""
    printer.close()
    partial.replace(target)
    return target


def sample_names(samples_dir: Path = SAMPLES_DIR) -> list[str]:
    """Every sample that has a source text, in name order."""
    return sorted(p.stem for p in samples_dir.glob("*.txt"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build samples/<name>.pdf from samples/<name>.txt.")
    parser.add_argument("names", nargs="*", help="samples to build (default: all)")
    parser.add_argument("--out", type=Path, default=SAMPLES_DIR, help="output directory (default: samples/)")
    args = parser.parse_args(argv)
    names = args.names or sample_names()
    try:
        for name in names:
            path = build(name, args.out)
            print(f"{path} ({path.stat().st_size // 1024} KB)")
    except (SourceError, FileNotFoundError) as err:
        print(f"build_samples: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
