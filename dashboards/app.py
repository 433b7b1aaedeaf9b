"""Entry point for `solara run dashboards/app.py` (what `lcsim dashboard` starts).

Solara puts this file's folder on sys.path; the repository root is added here so the
views import as the `dashboards` package, the same way the tests import them.
"""

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[1])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

import solara.server.settings  # noqa: E402

from dashboards.page import Page  # noqa: E402

# The "This website runs on Solara" badge sits over the charts' corner on a projector.
solara.server.settings.theme.show_banner = False

__all__ = ["Page"]
