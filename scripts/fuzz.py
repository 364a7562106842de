#!/usr/bin/env python
"""Fuzzing gapcheck: generated statutes through the segmenter, the checklist
engine and the renderers, and mutated PDFs through the reader (issue 8).

    python scripts/fuzz.py [--texts 10000] [--pdfs 1000] [--seed 1] [--jobs N]
                           [--time-limit 1200] [--save DIR]

Texts. Each input is built from its index and the seed (so a crash can be
replayed with ``--replay KIND:INDEX``) by one of five generators: a
statute-shaped text made of provisions in the checklist's vocabulary
(offences, definitions, shall/may, numbers of days, ages) with noise; a
sample statute mutated (spans deleted, duplicated or moved, lines shuffled,
hostile payloads, odd Unicode, digits changed, truncated); random Unicode
(controls, combining marks, bidi, emoji, CJK); structural extremes (long
lines, deep or endless numbering, repeated labels); and two or three such
documents judged together. Each one is normalised and paged as the text
reader does, segmented, judged, and rendered as JSON, Markdown and HTML (and
as the plain-text terminal report on every tenth input). The
invariants are checked: the provisions are in order and within bounds,
every item gets a finding with a valid status, ``met``/``partial`` quote
evidence found in the cited provision, the JSON parses, and no output
carries a ``<script`` tag or an escape character.

PDFs. The sample PDFs mutated (bytes flipped, truncated, spans deleted or
duplicated, the cross-reference table or the stream data corrupted, filters
renamed, lengths changed) and read with ``read_document`` (pre-scan,
pdfium, layout, OCR off) then segmented and judged. A clear refusal (a
``GapcheckError``) is an expected outcome; any other exception, or a worker
process killed by a crash in a native library, is a crash.

A crash is printed with its kind, index and message (and with ``--save`` the
input is written out). Exit status 1 when anything crashed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
CHUNK = 50

# --------------------------------------------------------------- generators

HOSTILE = ["<script>alert(1)</script>", "[bold red]x[/bold red]", "[a](javascript:x)", "=cmd|'/C calc'!A0",
           "\x1b[2J", "\x1b]8;;http://x\x07y\x1b]8;;\x07", "\u202e", "\x07", "\r", "{{ 7*7 }}", "</textarea>",
           "\u0000", "\ufeff", "\u200b", "ﬁ", "\u0301", "\U0001f600", "§§§", "“”", "\t\t"]

MODALS = ["shall", "may", "must", "shall not", "may not", "is to"]
ACTS = ["recruits", "transports", "transfers", "harbours", "receives", "sells", "buys", "obtains", "hires"]
MEANS = ["force", "threat", "fraud", "deception", "coercion", "abduction", "abuse of power",
         "abuse of a position of vulnerability", "the giving of payments or benefits", "debt"]
PURPOSES = ["prostitution of others", "sexual exploitation", "forced labour or services", "slavery",
            "practices similar to slavery", "servitude", "the removal of organs", "forced marriage", "begging",
            "debt bondage", "illegal adoption", "exploitation"]
OBJECTS = ["a person", "another person", "a child", "a woman or child", "any person", "a foreign national"]
AGES = ["sixteen", "eighteen", "18", "fourteen", "twenty-one", "0", "999999999999"]
DAYS = ["30", "thirty", "ninety", "15", "sixty (60)", "-1", "three hundred"]
LABELS = ["{n}. ", "{n}. ({k}) ", "({a}) ", "({r}) ", "Article {n} ", "Art. {n}. ", "§ {n}. ", "Section {n}. ",
          "{n}.{k} ", "{n}A. ", "Regulation {n}. ", "PART {R}\n", "CHAPTER {R} — GENERAL\n", "SCHEDULE\n"]


def _some(rng: random.Random, options: list[str]) -> str:
    items = rng.sample(options, rng.randint(1, min(4, len(options))))
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + rng.choice([" or ", " and ", ", "]) + items[-1]


def _label(rng: random.Random) -> str:
    roman = ["I", "II", "III", "IV", "IX", "XL"]
    return rng.choice(LABELS).format(n=rng.randint(1, 500), k=rng.randint(1, 12), a=rng.choice("abcdefghz"),
                                     r=rng.choice(["i", "ii", "iv", "x"]), R=rng.choice(roman))


def _clause(rng: random.Random) -> str:
    m = rng.choice(MODALS)
    kind = rng.randrange(9)
    if kind == 0:
        means = f" by means of {_some(rng, MEANS)}" if rng.random() < 0.7 else ""
        where = rng.choice(["", " across the border", " into or out of the country", " within the country",
                            " as a member of an organised criminal group"])
        return (f"Whoever {_some(rng, ACTS)} {rng.choice(OBJECTS)}{means} for the purpose of {_some(rng, PURPOSES)}"
                f"{where} commits the offence of trafficking in persons and {m} be liable to imprisonment for "
                f"{rng.choice(DAYS)} years.")
    if kind == 1:
        return f"In this Act, “child” means a person under the age of {rng.choice(AGES)} years;"
    if kind == 2:
        return (f"The consent of a victim to the intended exploitation {m} be irrelevant"
                f"{rng.choice(['', ' where any of the means has been used', ' if the victim is a child'])}.")
    if kind == 3:
        return (f"A victim of trafficking {m} not be {rng.choice(['prosecuted', 'detained', 'punished'])} for "
                f"{rng.choice(['immigration offences', 'any offence', 'prostitution'])} committed as a direct "
                "result of having been trafficked.")
    if kind == 4:
        return (f"The Minister {m} grant a {rng.choice(['', 'temporary ', 'permanent '])}residence permit to a "
                f"victim{rng.choice(['', ' who cooperates with the authorities', ' on humanitarian grounds'])}.")
    if kind == 5:
        return f"A foreign victim {m} be granted a reflection period of {rng.choice(DAYS)} days."
    if kind == 6:
        return (f"The return of a victim {m} be {rng.choice(['voluntary and', 'carried out', ''])} with due regard "
                "for the safety of the person and the risk of retaliation.")
    if kind == 7:
        return f"A victim {m} be entitled to compensation and restitution from the offender."
    return f"“{rng.choice(['exploitation', 'victim', 'coercion', 'servitude'])}” includes {_some(rng, PURPOSES)};"


def gen_statute(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(1, 25)):
        r = rng.random()
        if r < 0.6:
            parts.append(_label(rng) + _clause(rng))
        elif r < 0.75:
            parts.append(_clause(rng))
        elif r < 0.85:
            parts.append(_label(rng))
        elif r < 0.95:
            parts.append(rng.choice(HOSTILE))
        else:
            parts.append(gen_unicode(rng, 30))
    return rng.choice(["\n", "\n\n", " ", "\n    "]).join(parts)


_SAMPLE_TEXTS: list[str] = []


def _samples() -> list[str]:
    if not _SAMPLE_TEXTS:
        _SAMPLE_TEXTS.extend(p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt")))
    return _SAMPLE_TEXTS


def gen_mutated(rng: random.Random) -> str:
    text = rng.choice(_samples())
    for _ in range(rng.randint(1, 12)):
        n = len(text)
        if n == 0:
            break
        a = rng.randrange(n)
        b = min(n, a + rng.randint(1, 400))
        op = rng.randrange(9)
        if op == 0:
            text = text[:a] + text[b:]
        elif op == 1:
            text = text[:b] + text[a:b] * rng.randint(1, 5) + text[b:]
        elif op == 2:
            c = rng.randrange(n)
            piece = text[a:b]
            rest = text[:a] + text[b:]
            c = min(c, len(rest))
            text = rest[:c] + piece + rest[c:]
        elif op == 3:
            lines = text.split("\n")
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        elif op == 4:
            text = text[:a] + rng.choice(HOSTILE) + text[a:]
        elif op == 5:
            text = text[:a] + gen_unicode(rng, 20) + text[a:]
        elif op == 6:
            text = "".join(str(rng.randrange(10)) if ch.isdigit() and rng.random() < 0.5 else ch for ch in text)
        elif op == 7:
            text = text[:b]
        else:
            text = text[:a] + text[a:b].upper() + text[b:]
    return text


UNICODE_POOLS = [
    "abcdefghijklmnopqrstuvwxyz ", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "0123456789", ".,;:()[]{}\"'“”‘’—–-§°/\\|*_`#",
    "\n\n\n\t\r\f\v", "".join(map(chr, range(0, 32))), "\u0300\u0301\u0308\u20dd", "\u202a\u202b\u202d\u202e\u2066",
    "\u00a0\u2000\u2028\u2029\u200b\ufeff", "ﬁﬂﬀ№™½²", "αβγδ абвг אבג مرحبا 中文字 한글", "\U0001f600\U0001f4a9",
    "٠١٢٣١٢٣", "ⅠⅡⅢⅣ", "\ud7ff\ue000\uffff\ufffd",
]


def gen_unicode(rng: random.Random, size: int | None = None) -> str:
    size = rng.randint(0, 800) if size is None else size
    pools = rng.sample(UNICODE_POOLS, rng.randint(1, 5))
    return "".join(rng.choice(rng.choice(pools)) for _ in range(size))


def gen_extreme(rng: random.Random) -> str:
    k = rng.randrange(8)
    n = rng.randint(100, 4000)
    if k == 0:
        return "1. " + "x" * n * 20 + " trafficking in persons shall be punished."
    if k == 1:
        return "".join(f"({chr(97 + i % 26)}) " for i in range(n))
    if k == 2:
        return "\n".join(f"{rng.randint(1, 5)}. {_clause(rng)}" for _ in range(n // 40 + 1))
    if k == 3:
        return "(a)(i)(A)(I)(aa)" * n + " whoever traffics shall be punished"
    if k == 4:
        return "“child” means " * n
    if k == 5:
        return "\n" * n + "1. " + _clause(rng)
    if k == 6:
        return ("shall may " * n)[: n * 5]
    return "".join(_label(rng) for _ in range(n // 4))


GENERATORS = [("statute", gen_statute, 4), ("mutated", gen_mutated, 3), ("unicode", gen_unicode, 1),
              ("extreme", gen_extreme, 1)]


def text_input(seed: int, index: int) -> list[tuple[str, str]]:
    """The documents (name, text) of text input ``index``."""
    rng = random.Random(seed * 1_000_003 + index)
    if rng.random() < 0.1:  # several documents judged together
        return [(f"doc{k}.txt", _one(rng)) for k in range(rng.randint(2, 3))]
    return [("act.txt", _one(rng))]


def _one(rng: random.Random) -> str:
    weights = [w for _, _, w in GENERATORS]
    _, gen, _ = rng.choices(GENERATORS, weights)[0]
    return gen(rng)


# ------------------------------------------------------------ the pipeline

_CHECKLIST = None


def _checklist():
    global _CHECKLIST
    if _CHECKLIST is None:
        from gapcheck.checklists import load_checklist

        _CHECKLIST = load_checklist()
    return _CHECKLIST


def make_document(name: str, text: str):
    """A Document as the text reader builds it (normalised, pages at form feeds)."""
    from gapcheck.extractors.normalize import normalize_text
    from gapcheck.models import Document, Page

    pages, parts, offset = [], [], 0
    for number, raw in enumerate(text.replace("\r\n", "\n").split("\f"), start=1):
        body = normalize_text(raw).strip("\n")
        if body:
            body += "\n"
        pages.append(Page(number=number, start=offset, end=offset + len(body), has_text=bool(body.strip())))
        parts.append(body)
        offset += len(body)
    return Document(path=name, name=name, sha256="0" * 64, text="".join(parts), pages=tuple(pages))


def judge_and_render(documents, full_render: bool) -> None:
    """Segment, judge and render; raise AssertionError when an invariant fails."""
    from gapcheck.checklists import judge
    from gapcheck.extractors.segment import segment
    from gapcheck.models import STATUSES, DocumentSummary, Report, State
    from gapcheck.render import render

    checklist = _checklist()
    segmented = []
    for d in documents:
        provisions = segment(d)
        last = 0
        for p in provisions:
            assert 0 <= p.start < p.end <= len(d.text) and p.start >= last, f"provision {p.label} out of order"
            assert p.text == d.text[p.start:p.end], f"provision {p.label} text is not the document's"
            last = p.end
        segmented.append((d, provisions))
    findings = judge(checklist, segmented)
    assert [f.item_id for f in findings] == [i.id for i in checklist.items], "items missing or out of order"
    by_doc = {d.name: provisions for d, provisions in segmented}
    for f in findings:
        assert f.status in STATUSES, f"{f.item_id}: status {f.status!r}"
        assert f.status == "gap" or f.evidence, f"{f.item_id}: {f.status} without evidence"
        for ev in f.evidence:
            quote = " ".join(ev.quote.split())
            assert any(quote in " ".join(p.text.split()) for p in by_doc[ev.document] if p.label == ev.provision), \
                f"{f.item_id}: quote not in {ev.provision}: {ev.quote[:80]!r}"
    report = Report(state=State("XA", "Fuzz"), documents=tuple(DocumentSummary.of(d, len(p)) for d, p in segmented),
                    checklist=checklist.ref, findings=findings, tool_version="fuzz",
                    generated_at="2000-01-01T00:00:00Z")
    outputs = {"json": render(report, "json"), "markdown": render(report, "markdown"), "html": render(report, "html")}
    if full_render:  # rich is slow: the plain-text report on some inputs only
        outputs["terminal"] = render(report, "terminal")
    assert json.loads(outputs["json"])["schema"] == "gapcheck/report-v1"
    for fmt, out in outputs.items():
        assert "\x1b" not in out, f"{fmt}: escape character in the output"
        if fmt in ("html", "markdown"):
            assert "<script" not in out.lower(), f"{fmt}: <script in the output"


def run_texts(seed: int, start: int, stop: int) -> tuple[int, list[tuple[str, int, str]]]:
    crashes = []
    for i in range(start, stop):
        try:
            documents = [make_document(n, t) for n, t in text_input(seed, i)]
            judge_and_render(documents, full_render=i % 10 == 0)
        except Exception as err:  # noqa: BLE001 - every failure is a finding of the fuzzer
            crashes.append(("text", i, _describe(err)))
    return stop - start, crashes


# --------------------------------------------------------------------- PDFs

_PDF_SAMPLES: list[bytes] = []


def _pdf_samples() -> list[bytes]:
    if not _PDF_SAMPLES:
        _PDF_SAMPLES.extend(p.read_bytes() for p in sorted(SAMPLES.glob("*.pdf")))
    return _PDF_SAMPLES


def pdf_input(seed: int, index: int) -> bytes:
    rng = random.Random(seed * 7_000_003 + index)
    data = bytearray(rng.choice(_pdf_samples()))
    for _ in range(rng.randint(1, 6)):
        n = len(data)
        op = rng.randrange(10)
        a = rng.randrange(n)
        b = min(n, a + rng.randint(1, 2000))
        if op == 0:  # flip bytes
            for _ in range(rng.randint(1, 50)):
                data[rng.randrange(n)] = rng.randrange(256)
        elif op == 1:
            del data[rng.randint(n // 3, n):]
        elif op == 2:
            del data[a:b]
        elif op == 3:
            data[b:b] = data[a:b]
        elif op == 4:  # corrupt the cross-reference table
            x = data.rfind(b"xref")
            if x >= 0:
                for _ in range(rng.randint(1, 20)):
                    data[x + rng.randrange(max(1, n - x))] = ord(rng.choice("0123456789 nf"))
        elif op == 5:  # corrupt stream data
            s = data.find(b"stream", a)
            if s >= 0:
                for _ in range(rng.randint(1, 30)):
                    data[min(n - 1, s + 8 + rng.randrange(200))] = rng.randrange(256)
        elif op == 6:  # rename or chain filters
            data = bytearray(bytes(data).replace(b"/FlateDecode", rng.choice(
                [b"/LZWDecode", b"/RunLengthDecode", b"/Fl", b"[/FlateDecode /FlateDecode]", b"/DCTDecode",
                 b"/ASCIIHexDecode", b"/Crypt", b"/Nope"]), rng.randint(1, 5)))
        elif op == 7:  # lie about lengths
            data = bytearray(bytes(data).replace(b"/Length ", b"/Length " + str(rng.randint(0, 9)).encode(), 3))
        elif op == 8:
            data[a:a] = rng.choice([b"<<" * 200, b"(" * 300, b"%comment\n", b"9999999 0 obj\n", b"stream\r\n",
                                    b"endobj endstream", b"\x00" * 100, b"/Type /Page /Contents 1 0 R "])
        else:  # page count / tree
            data = bytearray(bytes(data).replace(b"/Count ", b"/Count 1" if rng.random() < 0.5 else b"/Count -"))
    return bytes(data)


def run_pdfs(seed: int, start: int, stop: int) -> tuple[int, list[tuple[str, int, str]], int]:
    from gapcheck.errors import GapcheckError
    from gapcheck.extractors import read_document
    from gapcheck.options import ReadOptions

    crashes, read = [], 0
    options = ReadOptions(ocr="off", timeout=20, max_stream_bytes=64 << 20, max_decoded_bytes=256 << 20)
    with tempfile.TemporaryDirectory(prefix="gapcheck-fuzz-") as tmp:
        path = Path(tmp) / "input.pdf"
        for i in range(start, stop):
            path.write_bytes(pdf_input(seed, i))
            try:
                doc = read_document(path, options)
            except GapcheckError:
                continue  # a clear refusal: the expected outcome for a damaged file
            except Exception as err:  # noqa: BLE001
                crashes.append(("pdf", i, _describe(err)))
                continue
            read += 1
            try:
                judge_and_render([doc], full_render=False)
            except Exception as err:  # noqa: BLE001
                crashes.append(("pdf", i, _describe(err)))
    return stop - start, crashes, read


def _describe(err: BaseException) -> str:
    frame = traceback.extract_tb(err.__traceback__)[-1] if err.__traceback__ else None
    where = f" at {Path(frame.filename).name}:{frame.lineno}" if frame else ""
    return f"{type(err).__name__}: {str(err)[:300]}{where}"


def _worker_init() -> None:
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")


def _run_chunk(kind: str, seed: int, start: int, stop: int, deadline: float = float("inf")):
    if time.time() > deadline:  # the time limit passed while this chunk waited
        return kind, start, stop, 0, [], 0
    if kind == "text":
        done, crashes = run_texts(seed, start, stop)
        return kind, start, stop, done, crashes, 0
    done, crashes, read = run_pdfs(seed, start, stop)
    return kind, start, stop, done, crashes, read


def _run_chunks(chunks: list[tuple[str, int, int]], seed: int, jobs: int, deadline: float, report) -> list:
    """Run the chunks in a pool of worker processes; return the chunks whose worker died."""
    broken = []
    with ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init) as pool:
        futures = {pool.submit(_run_chunk, kind, seed, a, b, deadline): (kind, a, b) for kind, a, b in chunks}
        for fut in as_completed(futures):
            try:
                report(fut.result())
            except BrokenProcessPool:
                broken.append(futures[fut])
    return broken


def _isolate(kind: str, seed: int, start: int, stop: int, report) -> list[tuple[str, int, str]]:
    """Run a chunk input by input in one worker, replaced whenever it dies: the inputs that
    kill it crashed a native library; the others are reported as usual."""
    found = []
    i = start
    while i < stop:
        with ProcessPoolExecutor(max_workers=1, initializer=_worker_init) as pool:
            try:
                while i < stop:
                    report(pool.submit(_run_chunk, kind, seed, i, i + 1).result())
                    i += 1
            except BrokenProcessPool:
                found.append((kind, i, "the worker process died: a crash in a native library?"))
                i += 1
    return found


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--texts", type=int, default=10_000, help="generated texts (default 10000)")
    ap.add_argument("--pdfs", type=int, default=1_000, help="mutated PDFs (default 1000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--time-limit", type=float, default=1200.0, help="stop starting new inputs after this many s")
    ap.add_argument("--save", type=Path, help="write every crashing input to this folder")
    ap.add_argument("--replay", help="run one input, KIND:INDEX (e.g. text:4711), and show its traceback")
    args = ap.parse_args(argv)

    if args.replay:
        kind, index = args.replay.split(":")
        if kind == "text":
            documents = [make_document(n, t) for n, t in text_input(args.seed, int(index))]
            judge_and_render(documents, full_render=True)
        else:
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "input.pdf"
                path.write_bytes(pdf_input(args.seed, int(index)))
                from gapcheck.errors import GapcheckError
                from gapcheck.extractors import read_document
                from gapcheck.options import ReadOptions

                try:
                    document = read_document(path, ReadOptions(ocr="off", timeout=20))
                except GapcheckError as err:
                    print(f"refused with a clear error (no crash): {err.message}")
                    return 0
                judge_and_render([document], full_render=True)
        print("no crash")
        return 0

    started = time.monotonic()
    deadline = time.time() + args.time_limit
    chunks = [("text", a, min(a + CHUNK, args.texts)) for a in range(0, args.texts, CHUNK)]
    chunks += [("pdf", a, min(a + CHUNK // 5, args.pdfs)) for a in range(0, args.pdfs, CHUNK // 5)]
    random.Random(args.seed).shuffle(chunks)  # mix slow and fast chunks across the workers
    counts = {"text": 0, "pdf": 0}
    tally = {"read": 0, "next": 1000}
    crashes: list[tuple[str, int, str]] = []
    print(f"fuzz: seed {args.seed}, {args.jobs} worker(s), up to {args.texts} texts and {args.pdfs} PDFs, "
          f"time limit {args.time_limit:g} s", flush=True)

    def report(result) -> None:
        kind, _, _, done, found, read = result
        counts[kind] += done
        tally["read"] += read
        crashes.extend(found)
        for c in found:
            print(f"  CRASH {c[0]}:{c[1]}: {c[2]}", flush=True)
        total = counts["text"] + counts["pdf"]
        if total >= tally["next"]:
            tally["next"] += 1000
            print(f"  {total} inputs, {len(crashes)} crashes, {time.monotonic() - started:.0f} s", flush=True)

    broken = _run_chunks(chunks, args.seed, args.jobs, deadline, report)
    for chunk in broken:  # a worker died: run the chunk again alone, then input by input if it dies again
        if _run_chunks([chunk], args.seed, 1, deadline, report):
            found = _isolate(chunk[0], args.seed, chunk[1], chunk[2], report)
            crashes.extend(found)
            for c in found:
                print(f"  CRASH {c[0]}:{c[1]}: {c[2]}", flush=True)
            counts[chunk[0]] += len(found)
    read_pdfs = tally["read"]
    elapsed = time.monotonic() - started
    if args.save and crashes:
        args.save.mkdir(parents=True, exist_ok=True)
        for kind, i, _ in crashes:
            if kind == "text":
                for k, (name, text) in enumerate(text_input(args.seed, i)):
                    (args.save / f"text-{i}-{k}.txt").write_text(text, encoding="utf-8", errors="surrogatepass")
            else:
                (args.save / f"pdf-{i}.pdf").write_bytes(pdf_input(args.seed, i))
    total = counts["text"] + counts["pdf"]
    print(f"texts: {counts['text']} inputs through segmenter, engine and renderers")
    print(f"pdfs:  {counts['pdf']} mutated PDFs ({read_pdfs} read, {counts['pdf'] - read_pdfs} refused with a "
          "clear error)")
    print(f"fuzz: {total} inputs in {elapsed:.1f} s, {len(crashes)} crash{'es' if len(crashes) != 1 else ''}"
          + ("" if total >= args.texts + args.pdfs else " (stopped at the time limit)"))
    for kind, i, message in crashes:
        print(f"  {kind}:{i}  {message}   (replay: python scripts/fuzz.py --seed {args.seed} --replay {kind}:{i})")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
