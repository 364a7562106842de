"""gapcheck's speed and memory beside poppler's ``pdftotext``, in one run (issue 7).

    python benchmarks/run.py                  # everything (about 5 minutes on 2 cores)
    python benchmarks/run.py --skip batch,dev # leave out the batch runs and the dev PDFs
    python benchmarks/run.py --repeat 5       # more runs per timing (the median is reported)

Parts (``--skip`` any of them): ``startup`` (``gapcheck --help``, 1-page
analyze vs ``import spacy; spacy.blank('en')``), ``dev`` (the labelled dev
PDFs in ``../shared/eval/docs``), ``large`` (the 232- and 488-page acts of
``../shared/bench`` and a 1,000+-page document built by concatenating them:
pdftotext, extraction alone, full analyze, marginal cost per page, peak RSS)
``batch`` (``gapcheck batch --jobs 1`` vs ``--jobs 2`` on the eval
manifest) and ``accuracy`` (``gapcheck eval`` on the dev set and
``scripts/fidelity.py``: the figures speed work must leave unchanged).

Every command runs as a child process; its wall time, CPU time (user + system,
with its own children: page workers, Tesseract) and peak RSS (``wait4``) are
taken. Extraction alone is timed inside a child process around
``gapcheck.pipeline.read_documents`` (no start-up). This machine may be shared:
the load average is printed with each part, and CPU seconds are shown beside
wall seconds so that contention can be told apart from work.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
PARTS = ("startup", "dev", "large", "batch", "accuracy")


# ------------------------------------------------------------------ running


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    rss_mb: float
    code: int
    out: str = ""


def run(cmd: list[str], env: dict | None = None, timeout: float = 1800) -> Run:
    """Run a command; its wall time, CPU time (with its children) and peak RSS (largest process of its tree)."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                                env={**os.environ, **(env or {})})
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.002)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode, text)


def median_run(cmd: list[str], repeat: int, env: dict | None = None) -> Run:
    runs = [run(cmd, env) for _ in range(repeat)]
    bad = [r for r in runs if r.code != 0]
    if bad:
        raise SystemExit(f"failed (exit {bad[0].code}): {' '.join(cmd)}\n{bad[0].out[-500:]}")
    return Run(statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs),
               max(r.rss_mb for r in runs), 0, runs[-1].out)


def gapcheck_cmd() -> list[str]:
    script = Path(sys.executable).with_name("gapcheck")
    return [str(script)] if script.exists() else [sys.executable, "-m", "gapcheck"]


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f} (5 min {five:.2f})"


def cpu_ticks() -> tuple[int, int]:
    """(all, stolen) CPU ticks of the machine so far (/proc/stat): time taken from
    this virtual machine by its host shows up as "steal"."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return 0, 0
    return sum(fields), (fields[7] if len(fields) > 7 else 0)


class Contention:
    """The load average and the share of CPU time stolen by the host during a part."""

    def __init__(self) -> None:
        self.start = cpu_ticks()

    def __str__(self) -> str:
        total, stolen = (b - a for a, b in zip(self.start, cpu_ticks()))
        steal = f"{100 * stolen / total:.0f}%" if total else "?"
        return f"load average {load()}, CPU stolen by the host {steal}"


READ_ONLY = """
import json, sys, time
from gapcheck.pipeline import read_documents
t0, c0 = time.perf_counter(), time.process_time()
docs = read_documents(sys.argv[1:])
print(json.dumps({"wall": time.perf_counter() - t0, "cpu": time.process_time() - c0,
                  "pages": sum(len(d.pages) for d in docs)}))
"""


def extraction(files: list[Path], repeat: int) -> tuple[float, float, int]:
    """Median wall and CPU (this process only; page workers not counted) of read_documents, and the pages."""
    walls, cpus, pages = [], [], 0
    for _ in range(repeat):
        r = run([sys.executable, "-c", READ_ONLY, *map(str, files)])
        if r.code != 0:
            raise SystemExit(f"extraction failed on {files}")
        data = json.loads(r.out.strip().splitlines()[-1])
        walls.append(data["wall"])
        cpus.append(data["cpu"])
        pages = data["pages"]
    return statistics.median(walls), statistics.median(cpus), pages


def analyze_cmd(files: list[Path], state: str = "XX") -> list[str]:
    return [*gapcheck_cmd(), "analyze", *map(str, files), "--state", state, "--format", "json", "--quiet"]


def pdftotext(file: Path, repeat: int, target: Path) -> Run:
    return median_run(["pdftotext", "-q", str(file), str(target)], repeat)


def page_count(file: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(file))
    try:
        return len(pdf)
    finally:
        pdf.close()


# ------------------------------------------------------------------ output


def table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]

    def numeric(c: str) -> bool:
        return c.replace(".", "", 1).replace("-", "", 1).rstrip("x%").isdigit()

    lines = ["  ".join(c.rjust(w) if i and numeric(c) else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths)))
             for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


class Targets:
    def __init__(self) -> None:
        self.rows = [["target (issue 7)", "measured", "limit", "verdict"]]

    def add(self, what: str, value: float, limit: float, fmt: str = "{:.2f}", lower_is_better: bool = True) -> None:
        ok = value <= limit if lower_is_better else value >= limit
        sign = "<=" if lower_is_better else ">="
        self.rows.append([what, fmt.format(value), f"{sign} {fmt.format(limit)}", "met" if ok else "NOT MET"])


# ------------------------------------------------------------------ inputs


def build_inputs(work: Path) -> dict[str, Path]:
    """One page of the 488-page act, and a 1,000+-page document (488 + 232 + 488 pages)."""
    import pypdfium2 as pdfium

    big = SHARED / "bench" / "lk-2007-007-companies-act.pdf"
    mid = SHARED / "bench" / "lk-2025-005-proceeds-of-crime-act.pdf"
    out = {"232": mid, "488": big}
    src_big, src_mid = pdfium.PdfDocument(str(big)), pdfium.PdfDocument(str(mid))
    try:
        one = pdfium.PdfDocument.new()
        one.import_pages(src_big, [12])  # a page of sections (Companies Act s. 10-12)
        out["1"] = work / "one-page.pdf"
        one.save(str(out["1"]))
        one.close()
        joined = pdfium.PdfDocument.new()
        for src in (src_big, src_mid, src_big):
            joined.import_pages(src)
        out["1208"] = work / "joined-1208-pages.pdf"
        joined.save(str(out["1208"]))
        joined.close()
    finally:
        src_big.close()
        src_mid.close()
    return out


def dev_pdfs() -> list[Path]:
    return sorted((SHARED / "eval" / "docs").glob("*/*.pdf"))


# ------------------------------------------------------------------ parts


def part_startup(work: Path, inputs: dict[str, Path], repeat: int, targets: Targets) -> None:
    print(f"\n== start-up (load average {load()}) ==")
    contention = Contention()
    reps = max(repeat, 5)
    helps = median_run([*gapcheck_cmd(), "--help"], reps)
    lists = median_run([*gapcheck_cmd(), "checklist", "list"], reps)
    spacy_blank = median_run([sys.executable, "-c", "import spacy; spacy.blank('en')"], reps)
    one = median_run(analyze_cmd([inputs["1"]]), reps)
    rows = [["command", "wall s", "cpu s", "peak RSS MB"],
            ["gapcheck --help", f"{helps.wall:.3f}", f"{helps.cpu:.3f}", f"{helps.rss_mb:.0f}"],
            ["gapcheck checklist list", f"{lists.wall:.3f}", f"{lists.cpu:.3f}", f"{lists.rss_mb:.0f}"],
            ["python -c \"import spacy; spacy.blank('en')\"", f"{spacy_blank.wall:.3f}", f"{spacy_blank.cpu:.3f}",
             f"{spacy_blank.rss_mb:.0f}"],
            ["gapcheck analyze (1 page) --format json", f"{one.wall:.3f}", f"{one.cpu:.3f}", f"{one.rss_mb:.0f}"]]
    print(table(rows))
    print(f"(median of {reps} runs each; {contention})")
    targets.add("gapcheck --help (s)", helps.wall, 0.3, "{:.3f}")
    targets.add("1-page analyze / spacy.blank('en') (wall)", one.wall / spacy_blank.wall, 1.5, "{:.2f}x")


def part_dev(work: Path, repeat: int) -> None:
    print(f"\n== dev PDFs, ../shared/eval/docs (load average {load()}) ==")
    rows = [["file", "pages", "pdftotext s", "extraction s", "analyze s", "analyze cpu s", "analyze / pdftotext"]]
    for pdf in dev_pdfs():
        p = pdftotext(pdf, repeat, work / "out.txt")
        ext_wall, _, pages = extraction([pdf], repeat)
        a = median_run(analyze_cmd([pdf]), repeat)
        rows.append([f"{pdf.parent.name}/{pdf.name}", str(pages), f"{p.wall:.3f}", f"{ext_wall:.3f}", f"{a.wall:.3f}",
                     f"{a.cpu:.3f}", f"{a.wall / p.wall:.0f}x"])
    print(table(rows))
    print("(analyze includes start-up, ~1 s; scanned pages are OCR'd by Tesseract)")


def part_large(work: Path, inputs: dict[str, Path], repeat: int, targets: Targets) -> None:
    print(f"\n== large documents (load average {load()}) ==")
    contention = Contention()
    keys = ["1", "232", "488", "1208"]
    n_pages = {k: page_count(inputs[k]) for k in keys}
    ext = {k: extraction([inputs[k]], repeat) for k in keys}
    # pdftotext and analyze alternate, so that a busy moment of the machine weighs on both
    runs: dict[str, tuple[list[Run], list[Run]]] = {k: ([], []) for k in keys}
    for _ in range(repeat):
        for k in keys:
            runs[k][0].append(run(["pdftotext", "-q", str(inputs[k]), str(work / "out.txt")]))
            runs[k][1].append(run(analyze_cmd([inputs[k]], "LK")))
    results = {}
    for k in keys:
        for r in runs[k][1]:
            if r.code != 0:
                raise SystemExit(f"analyze failed on {inputs[k]} (exit {r.code})")
        p, a = ([Run(statistics.median(x.wall for x in rs), statistics.median(x.cpu for x in rs),
                     max(x.rss_mb for x in rs), 0) for rs in runs[k]])
        results[k] = (n_pages[k], p, ext[k][0], ext[k][1], a)
    rows = [["document", "pages", "pdftotext s", "pdftotext cpu s", "extraction s", "analyze s", "analyze cpu s",
             "peak RSS MB"]]
    for k in keys:
        pages, p, ext_wall, ext_cpu, a = results[k]
        name = inputs[k].name
        rows.append([name, str(pages), f"{p.wall:.3f}", f"{p.cpu:.3f}", f"{ext_wall:.3f}", f"{a.wall:.3f}",
                     f"{a.cpu:.3f}", f"{a.rss_mb:.0f}"])
    print(table(rows))
    print(f"(median of {repeat} runs, alternating; analyze = the whole `gapcheck analyze` process, start-up "
          f"included; its CPU includes the processes it forks; {contention})")
    one_pages, one_p, _, _, one_a = results["1"]
    rows = [["marginal cost per page", "pdftotext ms", "analyze ms", "ratio", "analyze cpu ms", "cpu ratio"]]
    for k in ("232", "488", "1208"):
        pages, p, _, _, a = results[k]
        n = pages - one_pages
        pt, at = (p.wall - one_p.wall) / n * 1000, (a.wall - one_a.wall) / n * 1000
        pc, ac = (p.cpu - one_p.cpu) / n * 1000, (a.cpu - one_a.cpu) / n * 1000
        rows.append([f"{pages} pages vs 1", f"{pt:.3f}", f"{at:.3f}", f"{at / pt:.2f}x", f"{ac:.3f}",
                     f"{ac / pc:.2f}x"])
        if k != "232":
            targets.add(f"marginal analyze / pdftotext per page, {pages} pages (wall)", at / pt, 4.0, "{:.2f}x")
    print()
    print(table(rows))
    rss_232, rss_big = results["232"][4].rss_mb, results["1208"][4].rss_mb
    targets.add("peak RSS on 1,208 pages (MB)", rss_big, 400, "{:.0f}")
    targets.add("peak RSS 1,208 pages / 232 pages", rss_big / rss_232, 1.2, "{:.2f}x")


def part_batch(work: Path, repeat: int, targets: Targets) -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    from batch_jobs import eval_manifest, parallel_ceiling

    print(f"\n== batch throughput, eval manifest (load average {load()}) ==")
    contention = Contention()
    manifest = work / "eval.yaml"
    manifest.write_text(eval_manifest(SHARED / "eval"), encoding="utf-8")
    times: dict[str, list[Run]] = {"1": [], "2": []}
    for r in range(repeat):
        for jobs in ("1", "2"):
            out = work / f"batch-{jobs}-{r}"
            shutil.rmtree(out, ignore_errors=True)
            res = run([*gapcheck_cmd(), "batch", str(manifest), "--out", str(out), "--jobs", jobs, "--force",
                       "--quiet", "--format", "json"])
            if res.code != 0:
                raise SystemExit(f"batch --jobs {jobs} failed (exit {res.code})")
            times[jobs].append(res)
    cached = run([*gapcheck_cmd(), "batch", str(manifest), "--out", str(work / "batch-2-0"), "--jobs", "2",
                  "--quiet", "--format", "json"])
    ceiling = parallel_ceiling()
    j1, j2 = (statistics.median(r.wall for r in times[k]) for k in ("1", "2"))
    c1, c2 = (statistics.median(r.cpu for r in times[k]) for k in ("1", "2"))
    rows = [["run", "wall s", "cpu s", "cores busy"],
            ["batch --jobs 1 --force", f"{j1:.2f}", f"{c1:.2f}", f"{c1 / j1:.2f}"],
            ["batch --jobs 2 --force", f"{j2:.2f}", f"{c2:.2f}", f"{c2 / j2:.2f}"],
            ["batch --jobs 2, all cached", f"{cached.wall:.2f}", f"{cached.cpu:.2f}", f"{cached.cpu / cached.wall:.2f}"],
            ["2 spinning processes vs 1 (the machine's ceiling now)", f"{ceiling:.2f}x", "", ""]]
    print(table(rows))
    print(f"(median of {repeat} runs; {os.cpu_count()} cores; {contention})")
    targets.add("batch speedup --jobs 2 / --jobs 1", j1 / j2, 1.7, "{:.2f}x", lower_is_better=False)


def part_accuracy(work: Path) -> None:
    """The figures speed must not change: agreement with the labels, extraction fidelity."""
    print(f"\n== accuracy and fidelity (unchanged by speed work) ==")
    r = run([*gapcheck_cmd(), "eval", str(SHARED / "eval" / "labels"), str(SHARED / "eval" / "docs"), "--format",
             "json"])
    if r.code in (0, 1) and r.out.strip().startswith("{"):
        overall = json.loads(r.out)["overall"]
        rows = [["gapcheck eval (dev set)", "agreement"]]
        for key in ("status", "elements", "evidence"):
            hit, total = overall[key]
            rows.append([key, f"{hit}/{total} = {hit / total:.3f}" if total else "-"])
        print(table(rows))
    else:
        print(f"gapcheck eval failed (exit {r.code})")
    fidelity = REPO / "scripts" / "fidelity.py"
    if fidelity.exists():
        f = run([sys.executable, str(fidelity), str(SHARED)])
        print("\nscripts/fidelity.py:")
        print("\n".join("  " + line for line in f.out.strip().splitlines()[-12:]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (the median is reported)")
    parser.add_argument("--skip", default="", help=f"comma-separated parts to leave out: {', '.join(PARTS)}")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    if skip - set(PARTS):
        parser.error(f"unknown part(s): {', '.join(sorted(skip - set(PARTS)))}")
    if not (SHARED / "bench").is_dir():
        print(f"no benchmark documents at {SHARED / 'bench'}", file=sys.stderr)
        return 2
    if shutil.which("pdftotext") is None:
        print("pdftotext (poppler-utils) is not installed", file=sys.stderr)
        return 2
    work = args.keep or Path(tempfile.mkdtemp(prefix="gapcheck-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    print(f"gapcheck benchmark · {os.cpu_count()} cores · load average {load()} · python {sys.version.split()[0]}")
    targets = Targets()
    try:
        inputs = build_inputs(work)
        if "startup" not in skip:
            part_startup(work, inputs, args.repeat, targets)
        if "dev" not in skip:
            part_dev(work, args.repeat)
        if "large" not in skip:
            part_large(work, inputs, args.repeat, targets)
        if "batch" not in skip:
            part_batch(work, args.repeat, targets)
        if "accuracy" not in skip:
            part_accuracy(work)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    if len(targets.rows) > 1:
        print(f"\n== targets (load average now {load()}; {time.perf_counter() - started:.0f} s in all) ==")
        print(table(targets.rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
