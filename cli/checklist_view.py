"""Printing checklist items and example-test results (the bodies of `gapcheck checklist …`)."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from gapcheck.errors import UsageError


def _load(directory: Path | None):
    from gapcheck.checklists import load_checklist

    return load_checklist(directory) if directory else load_checklist()


def print_list(directory: Path | None, out: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    checklist = _load(directory)
    table = Table(title=Text(f"{checklist.title} ({checklist.id} {checklist.version})"), show_lines=False)
    table.add_column("id", no_wrap=True)
    table.add_column("theme")
    table.add_column("title")
    table.add_column("sub-elements")
    for item in checklist.items:
        table.add_row(Text(item.id), Text(item.theme), Text(item.title),
                      Text(", ".join(e.id for e in item.elements) if item.itemised else "-"))
    Console(file=out, width=max(100, Console(file=out).width)).print(table)


def print_item(directory: Path | None, item_id: str, out: TextIO) -> None:
    checklist = _load(directory)
    try:
        item = checklist.item(item_id.upper())
    except KeyError:
        known = ", ".join(i.id for i in checklist.items)
        raise UsageError(f"unknown item {item_id!r} (known: {known})") from None
    lang = checklist.language
    lines = [f"{item.id} — {item.title}", f"theme: {item.theme}", "", "Standard:", f"  {item.standard}", "",
             "Sources:"]
    lines += [f"  - {s}" for s in item.sources]
    lines += ["", f"Decision: {item.decider} (see checklists/deciders.py)", "", "What is searched:", f"  {item.searched}"]
    for title, group in (("Sub-elements", item.elements), ("Signals", item.signals)):
        if group:
            lines += ["", f"{title}:"]
            for e in group:
                lines.append(f"  {e.id} — {e.label}")
                for p in e.patterns.get(lang, ()):
                    extra = []
                    if p.near:
                        extra.append("near: " + " | ".join(p.near))
                    if p.unless:
                        extra.append("unless: " + " | ".join(p.unless))
                    if p.inferred:
                        extra.append("inferred")
                    lines.append(f"      {p.match}" + (f"   [{'; '.join(extra)}]" if extra else ""))
    if item.recommendations:
        lines += ["", "Recommendations:"]
        lines += [f"  {status}: {text}" for status, text in item.recommendations.items()]
    out.write("\n".join(lines) + "\n")


def run_tests(directory: Path | None, item: str | None, verbose: bool, out: TextIO) -> int:
    from gapcheck.checklists.examples import run_examples

    checklist = _load(directory)
    results = run_examples(checklist, item.upper() if item else None)
    failed = [r for r in results if not r.passed]
    for r in results:
        if r.passed and not verbose:
            continue
        mark = "ok  " if r.passed else "FAIL"
        out.write(f"{mark} {r.example.item_id} {Path(r.example.file).name}:{r.example.line} "
                  f"expect {r.example.expect}, got {r.status}\n")
        for problem in r.problems:
            out.write(f"       {problem}\n")
    by_item = {}
    for r in results:
        by_item.setdefault(r.example.item_id, []).append(r)
    missing = [i.id for i in checklist.items if i.id not in by_item]
    out.write(f"{len(results) - len(failed)}/{len(results)} examples passed"
              + (f"; items without examples: {', '.join(missing)}" if missing else "") + "\n")
    return 1 if failed or not results else 0
