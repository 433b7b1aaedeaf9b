"""The screenshots of a study report that experiments/README.md shows, taken in Chromium.

    .venv/bin/lcsim experiment configs/funding_horizon.toml --out results/funding_horizon
    .venv/bin/python benchmarks/report_screenshots.py results/funding_horizon --out docs/img

This is the only command that writes `docs/img/report_answer.png` (the answer section)
and `docs/img/report_figure.png` (the first weekly-series figure: small multiples that
mark the end of funding, or else the first figure); tests never write tracked
files. It re-renders report.html from the stored results (`lcsim report`), opens it in
Debian's /usr/bin/chromium through Playwright (the 'test' extra; never
`playwright install`) and saves the two elements. `--pdf` also prints the page to A4, to
check the print layout.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1200, "height": 1600}


def take(results: Path, out: Path, pdf: Path | None = None) -> list[Path]:
    """Render the report of `results` and save the answer and first figure as PNGs in
    `out`; with `pdf`, also print the page to that A4 PDF. Returns the files written.

    Raises:
        FileNotFoundError: no results in `results`, or no Chromium at /usr/bin/chromium.
    """
    from playwright.sync_api import sync_playwright

    from lcsim.experiments.report import write_report

    if not CHROMIUM.exists():
        raise FileNotFoundError(f"{CHROMIUM}: Chromium is needed (apt-get install chromium)")
    report = write_report(results)
    out.mkdir(parents=True, exist_ok=True)
    written = [out / "report_answer.png", out / "report_figure.png"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=VIEWPORT, device_scale_factor=1)
        page.goto(report.resolve().as_uri())
        page.locator("#answer").screenshot(path=str(written[0]))
        weekly = page.locator("#figures figure", has_text="week by week")
        figure = weekly.first if weekly.count() else page.locator("#figures figure").first
        figure.screenshot(path=str(written[1]))
        if pdf is not None:
            page.emulate_media(media="print")
            page.pdf(path=str(pdf), format="A4", print_background=False)
            written.append(pdf)
        browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", type=Path, help="results folder of `lcsim experiment`")
    parser.add_argument("--out", type=Path, default=Path("docs/img"))
    parser.add_argument("--pdf", type=Path, default=None, help="also print to this A4 PDF")
    args = parser.parse_args(argv)
    try:
        for path in take(args.results, args.out, args.pdf):
            print(f"wrote {path}")
    except FileNotFoundError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
