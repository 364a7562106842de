"""The JSON contract ``gapcheck/report-v1``: later tools and batch runs read it.

``to_dict`` and ``from_dict`` are inverse; the output is deterministic (keys in
a fixed order, no timestamps other than ``generated_at``).
"""

from __future__ import annotations

import json
from typing import Any

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

SCHEMA = "gapcheck/report-v1"


def to_dict(report: Report) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "tool": {"name": "gapcheck", "version": report.tool_version},
        "generated_at": report.generated_at,
        "state": {"code": report.state.code, "name": report.state.name},
        "documents": [
            {
                "file": d.file,
                "sha256": d.sha256,
                "pages": d.pages,
                "pages_without_text": list(d.pages_without_text),
                "ocr_pages": [{"page": o.page, "confidence": o.confidence} for o in d.ocr_pages],
                "provisions": d.provisions,
                "engine": d.engine,
                "warnings": list(d.warnings),
            }
            for d in report.documents
        ],
        "checklist": {"id": report.checklist.id, "version": report.checklist.version},
        "findings": [_finding(f) for f in report.findings],
        "summary": report.summary,
    }


def _finding(f: Finding) -> dict[str, Any]:
    return {
        "id": f.item_id,
        "title": f.title,
        "theme": f.theme,
        "status": f.status,
        "confidence": f.confidence,
        "confidence_reason": f.confidence_reason,
        "elements": [
            {"id": e.id, "label": e.label, "found": e.found, "provisions": list(e.provisions)} for e in f.elements
        ],
        "values": dict(f.values),
        "qualifiers": list(f.qualifiers),
        "evidence": [
            {
                "document": e.document,
                "provision": e.provision,
                "page": e.page,
                "heading": e.heading,
                "quote": e.quote,
                "supports": list(e.elements),
            }
            for e in f.evidence
        ],
        "explanation": f.explanation,
        "searched": f.searched,
        "recommendation": f.recommendation,
        "standard": f.standard,
        "sources": list(f.sources),
    }


def to_json(report: Report) -> str:
    return json.dumps(to_dict(report), ensure_ascii=False, indent=2) + "\n"


def from_dict(data: dict[str, Any]) -> Report:
    """Rebuild a Report from its JSON form (for batch runs and tools)."""
    if data.get("schema") != SCHEMA:
        raise ValueError(f"not a {SCHEMA} document")
    return Report(
        state=State(**data["state"]),
        documents=tuple(
            DocumentSummary(
                file=d["file"],
                sha256=d["sha256"],
                pages=d["pages"],
                pages_without_text=tuple(d.get("pages_without_text", ())),
                ocr_pages=tuple(OcrPage(o["page"], o.get("confidence")) for o in d.get("ocr_pages", ())),
                warnings=tuple(d.get("warnings", ())),
                engine=d.get("engine", ""),
                provisions=d.get("provisions", 0),
            )
            for d in data["documents"]
        ),
        checklist=ChecklistRef(data["checklist"]["id"], data["checklist"]["version"]),
        findings=tuple(
            Finding(
                item_id=f["id"],
                title=f["title"],
                theme=f.get("theme", ""),
                status=f["status"],
                elements=tuple(
                    ElementResult(e["id"], e["found"], e.get("label", ""), tuple(e.get("provisions", ())))
                    for e in f.get("elements", ())
                ),
                values=dict(f.get("values", {})),
                qualifiers=tuple(f.get("qualifiers", ())),
                evidence=tuple(
                    Evidence(
                        document=e["document"],
                        provision=e["provision"],
                        page=e["page"],
                        quote=e["quote"],
                        heading=e.get("heading", ""),
                        elements=tuple(e.get("supports", ())),
                    )
                    for e in f.get("evidence", ())
                ),
                explanation=f.get("explanation", ""),
                searched=f.get("searched", ""),
                confidence=f.get("confidence", "high"),
                confidence_reason=f.get("confidence_reason", ""),
                recommendation=f.get("recommendation", ""),
                standard=f.get("standard", ""),
                sources=tuple(f.get("sources", ())),
            )
            for f in data["findings"]
        ),
        tool_version=data["tool"]["version"],
        generated_at=data.get("generated_at", ""),
    )


def from_json(text: str) -> Report:
    return from_dict(json.loads(text))
