"""Take the README screenshot of an HTML report with headless Chromium.

    python scripts/screenshot.py REPORT.html docs/report-screenshot.png [--height 2000]

REPORT may also be a ``--format json`` report, rendered to HTML first.

The page is rendered at 1280 px wide, cropped to the top ``--height`` pixels,
scaled to 1000 px wide and saved as a palette PNG (kept under 400 KB).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

MAX_BYTES = 400 * 1024


def screenshot(html: Path, out: Path, height: int = 2000, width: int = 1280, scaled_width: int = 1000) -> int:
    from PIL import Image

    from gapcheck.errors import UsageError
    from gapcheck.render.pdf import NO_BROWSER, browser_command, find_browser, run_browser

    browser = find_browser()
    if browser is None:
        raise UsageError(NO_BROWSER)
    with tempfile.TemporaryDirectory(prefix="gapcheck-shot-") as tmp:
        raw = Path(tmp) / "raw.png"
        run_browser(browser_command(browser, Path(tmp) / "profile", "--hide-scrollbars",
                                    f"--window-size={width},{height}", f"--screenshot={raw}",
                                    html.resolve().as_uri()), timeout=120)
        image = Image.open(raw).convert("RGB")
    image = image.crop((0, 0, image.width, min(height, image.height)))
    if image.width > scaled_width:
        image = image.resize((scaled_width, round(image.height * scaled_width / image.width)), Image.LANCZOS)
    colours = 256
    while True:
        image.quantize(colours, method=Image.Quantize.MEDIANCUT).save(out, optimize=True)
        size = out.stat().st_size
        if size <= MAX_BYTES or colours <= 32:
            return size
        colours //= 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", type=Path)
    parser.add_argument("png", type=Path)
    parser.add_argument("--height", type=int, default=2000)
    args = parser.parse_args(argv)
    html = args.html
    if html.suffix.lower() == ".json":
        import tempfile

        from gapcheck.render.html import to_html
        from gapcheck.render.json_report import from_json

        tmp = Path(tempfile.mkdtemp(prefix="gapcheck-shot-")) / "report.html"
        tmp.write_text(to_html(from_json(html.read_text(encoding="utf-8"))), encoding="utf-8")
        html = tmp
    size = screenshot(html, args.png, height=args.height)
    print(f"{args.png}: {size // 1024} KB")
    return 0 if size <= MAX_BYTES else 1


if __name__ == "__main__":
    sys.exit(main())
