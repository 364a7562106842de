"""Domain exceptions. The CLI turns them into one line on stderr and exit code 2.

Each error names the file (or option) at fault and the problem, in words a
user can act on. The core raises these and never exits or prints.
"""

from __future__ import annotations


class GapcheckError(Exception):
    """Base class of every error gapcheck reports to the user."""

    exit_code = 2

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class InputError(GapcheckError):
    """An input file cannot be read: missing, a directory, unreadable, not a PDF, corrupt."""


class EncryptedPdfError(InputError):
    """The PDF is encrypted and no (correct) password was given."""


class LimitExceeded(InputError):
    """The input is over a safety limit (pages, size, decompressed stream)."""


class ExtractionTimeout(InputError):
    """Reading the document took longer than the per-document timeout."""


class OcrUnavailable(InputError):
    """Pages need OCR but the Tesseract engine is not installed."""


class ChecklistError(GapcheckError):
    """A checklist file is invalid (syntax, unknown element, missing field)."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None, item: str | None = None) -> None:
        super().__init__(message, path)
        self.line = line
        self.item = item

    def __str__(self) -> str:
        where = self.path or "checklist"
        if self.line is not None:
            where += f":{self.line}"
        if self.item:
            where += f" (item {self.item})"
        return f"{where}: {self.message}"


class UsageError(GapcheckError):
    """A bad option value: unknown state code, unknown format, …"""


class OutputError(GapcheckError):
    """The output cannot be written: unwritable path, or it would overwrite an input."""


class ManifestError(GapcheckError):
    """A batch manifest is invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: list[str], path: str | None = None) -> None:
        super().__init__("; ".join(problems), path)
        self.problems = problems
