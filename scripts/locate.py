"""Show where gapcheck locates the trafficking offence, its definitions and the
provisions each item was judged on (a development aid).

    python scripts/locate.py STATE FILE... [--item ID]
"""

from __future__ import annotations

import argparse
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("state")
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--item", action="append", default=[])
    args = parser.parse_args()

    from gapcheck.checklists import load_checklist
    from gapcheck.checklists.deciders import DECIDERS
    from gapcheck.checklists.engine import build_context
    from gapcheck.pipeline import read_documents, segment_documents

    checklist = load_checklist()
    segmented = segment_documents(read_documents(args.files))
    ctx = build_context(checklist, segmented)
    fw = ctx.fw

    def show(title, units):
        print(f"\n== {title}")
        for u in units:
            labels = [fw.provisions[i].label for i in u.indices]
            print(f"  {labels[0]:<28} {fw.provisions[u.indices[0]].heading[:50]!r} +{len(labels) - 1}")

    print(f"{len(fw.provisions)} provisions in {len(fw.sections)} sections")
    show("offence units", fw.offence_units)
    show("trafficking definitions", fw.trafficking_definitions)
    show("core definitions", fw.core_definitions)
    show("act units", ctx.act_units)
    show("means-free", [u for u, _ in ctx.means_free_units])
    print("\n== focused documents:", [fw.documents[k].name for k in fw.focused_documents])
    for item in checklist.items:
        if args.item and item.id not in args.item:
            continue
        v = DECIDERS[item.decider](ctx, item)
        print(f"\n-- {item.id}: {v.status} ({v.confidence}) {v.explanation}")
        for e in v.evidence[:6]:
            print(f"     {e.provision} p.{e.page}: {e.quote[:150]!r}")


if __name__ == "__main__":
    main()
