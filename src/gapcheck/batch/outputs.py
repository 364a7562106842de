"""Everything a batch writes in its output folder, each file atomically.

    OUT/
      index.html            the comparative matrix, the failures, links to each report
      matrix.csv            state, state name, one column per item (status)
      summary.json          per state: ok/failed, files and sha256, reason, counts, cache, time
      <STATE>/report.html   one report per state and requested format
      <STATE>/report.json   (report.md for markdown)
      .cache/               finished reports by key (see cache.py), and a lock file
"""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Sequence
from urllib.parse import quote

from gapcheck.errors import OutputError
from gapcheck.outputs import atomic_write

EXTENSIONS = {"html": "html", "json": "json", "markdown": "md"}
BATCH_FORMATS = tuple(EXTENSIONS)
LINK_PREFERENCE = ("html", "markdown", "json")
SUMMARY_SCHEMA = "gapcheck/batch-summary-v1"


def report_relpath(state_code: str, fmt: str) -> str:
    return f"{state_code}/report.{EXTENSIONS[fmt]}"


def prepare_out_dir(out: Path, inputs: Sequence[Path], manifest_folder: Path | None) -> None:
    """Create ``out`` and refuse one that would write over or among the inputs."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise OutputError("exists and is not a folder", str(out))
    resolved = out.resolve()
    if manifest_folder is not None and resolved == Path(manifest_folder).resolve():
        raise OutputError("is the manifest folder itself; choose another output folder", str(out))
    for p in inputs:
        try:
            if Path(p).resolve() == resolved:
                raise OutputError("is one of the input files", str(out))
        except OSError:
            continue
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"cannot create the output folder ({err.strerror or err})", str(out)) from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise OutputError("the output folder is not writable", str(out))


def check_outputs_not_inputs(out: Path, codes: Sequence[str], formats: Sequence[str], inputs: Sequence[Path]) -> None:
    """Refuse a run whose outputs would replace one of its input files."""
    planned = {(Path(out) / name).resolve() for name in ("index.html", "matrix.csv", "summary.json")}
    planned |= {(Path(out) / report_relpath(c, f)).resolve() for c in codes for f in formats}
    for p in inputs:
        if Path(p).resolve() in planned:
            raise OutputError("an output of this batch would overwrite this input file", str(p))


@contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold an exclusive lock on the output folder for the run (two runs must not interleave)."""
    lock_dir = Path(out) / ".cache"
    lock_dir.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock
        yield
        return
    fd = os.open(lock_dir / "lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise OutputError("another gapcheck batch is writing to this folder", str(out)) from None
        yield
    finally:
        os.close(fd)


def remove_stale_parts(out: Path) -> int:
    """Delete temporary files left by an interrupted run (``.NAME.*.part``, as atomic_write names them)."""
    out = Path(out)
    removed = 0
    for folder in [out, *(p for p in out.iterdir() if p.is_dir())]:
        for sub in (folder, folder / "reports", folder / "rendered"):
            if not sub.is_dir():
                continue
            for part in sub.glob(".*.part"):
                try:
                    part.unlink()
                    removed += 1
                except OSError:
                    pass
    return removed


def write_state_reports(out: Path, report, formats: Sequence[str], skip: Sequence[str] = ()) -> dict[str, str]:
    """Render ``report`` in each format (except those in ``skip``); return format → relative path."""
    from gapcheck.render import render

    folder = Path(out) / report.state.code
    folder.mkdir(exist_ok=True)
    written = {}
    for fmt in formats:
        rel = report_relpath(report.state.code, fmt)
        if fmt not in skip:
            atomic_write(Path(out) / rel, render(report, fmt))
        written[fmt] = rel
    return written


def link_for(outputs: dict[str, str]) -> str | None:
    for fmt in LINK_PREFERENCE:
        if fmt in outputs:
            return outputs[fmt]
    return None


# ------------------------------------------------------------------ summary


def summary_dict(result, manifest_shown: str) -> dict:
    """The deterministic summary of a batch (states in manifest order)."""
    states = []
    for o in result.outcomes:
        counts = o.report.summary if (o.ok and o.report is not None) else None
        states.append({
            "state": o.entry.state.code,
            "name": o.entry.state.name,
            "status": "ok" if o.ok else "failed",
            "reason": o.reason,
            "files": [{"file": f.file, "sha256": f.sha256, "pages": f.pages, "error": f.error} for f in o.files],
            "counts": counts,
            "cache_hit": o.cache_hit,
            "elapsed_seconds": round(o.elapsed, 3),
            "outputs": dict(sorted(o.outputs.items())),
        })
    ok = [o for o in result.outcomes if o.ok]
    totals = {
        "states": len(result.outcomes),
        "ok": len(ok),
        "failed": len(result.outcomes) - len(ok),
        "cache_hits": sum(1 for o in result.outcomes if o.cache_hit),
        "analysed": sum(1 for o in result.outcomes if not o.cache_hit),
        "files": sum(len(o.files) for o in result.outcomes),
        "met": sum(o.report.summary["met"] for o in ok if o.report),
        "partial": sum(o.report.summary["partial"] for o in ok if o.report),
        "gap": sum(o.report.summary["gap"] for o in ok if o.report),
        "elapsed_seconds": round(result.elapsed, 3),
    }
    return {
        "schema": SUMMARY_SCHEMA,
        "tool": {"name": "gapcheck", "version": result.tool_version},
        "checklist": {"id": result.checklist.id, "version": result.checklist.version},
        "manifest": manifest_shown,
        "formats": list(result.formats),
        "states": states,
        "totals": totals,
    }


def summary_json(result, manifest_shown: str) -> str:
    return json.dumps(summary_dict(result, manifest_shown), ensure_ascii=False, indent=2) + "\n"


# ------------------------------------------------------------------ index


def index_html(result, manifest_shown: str) -> str:
    """The self-contained comparative index (inline CSS, no external references, autoescaped)."""
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    from gapcheck.batch.matrix import build_matrix
    from gapcheck.clock import generation_time

    from markupsafe import Markup

    from gapcheck.render.text_safety import strip_controls

    def finalize(value):  # names and file names come from the manifest: no terminal escapes in the page
        return value if isinstance(value, Markup) or not isinstance(value, str) else strip_controls(value)

    env = Environment(loader=PackageLoader("gapcheck.templates", "."), autoescape=select_autoescape(default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, finalize=finalize)
    matrix = build_matrix(result.outcomes)
    states = []
    for o in result.outcomes:
        link = link_for(o.outputs) if o.ok else None
        states.append({
            "code": o.entry.state.code,
            "name": o.entry.state.name,
            "ok": o.ok,
            "href": quote(link) if link else None,
            "links": [(fmt, quote(path)) for fmt, path in sorted(o.outputs.items())] if o.ok else [],
            "counts": o.report.summary if (o.ok and o.report) else None,
            "files": [f.file for f in o.files],
            "cache_hit": o.cache_hit,
        })
    failures = []
    for o in result.outcomes:
        if o.ok:
            continue
        bad = [f for f in o.files if f.error]
        if bad:
            failures.extend({"code": o.entry.state.code, "name": o.entry.state.name, "file": f.file, "reason": f.error}
                            for f in bad)
        else:
            failures.append({"code": o.entry.state.code, "name": o.entry.state.name, "file": "", "reason": o.reason})
    ok_rows = [r for r in matrix.rows if r.ok]
    template = env.get_template("batch_index.html.j2")
    return template.render(
        manifest=manifest_shown,
        tool_version=result.tool_version,
        checklist=result.checklist,
        generated_at=generation_time(),
        states=states,
        ok_states=[s for s in states if s["ok"]],
        groups=matrix.groups,
        rows=ok_rows,
        failures=failures,
        totals=summary_dict(result, manifest_shown)["totals"],
    )


def write_batch_outputs(out: Path, result, manifest_shown: str) -> list[str]:
    """Write index.html, matrix.csv and summary.json; return their relative paths."""
    from gapcheck.batch.matrix import build_matrix, matrix_csv

    out = Path(out)
    atomic_write(out / "matrix.csv", matrix_csv(build_matrix(result.outcomes)))
    atomic_write(out / "index.html", index_html(result, manifest_shown))
    atomic_write(out / "summary.json", summary_json(result, manifest_shown))
    return ["index.html", "matrix.csv", "summary.json"]
