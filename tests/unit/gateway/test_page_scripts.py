"""The console's pages share one fetch helper (``gateway/console/static/api.js``): a page
script that writes its own again drifts (one reloads on 401, one keeps the server's
message, one does neither), and the pages that use it load it first."""

from __future__ import annotations

import re
from pathlib import Path

GATEWAY = Path(__file__).resolve().parents[3] / "gateway"
API = GATEWAY / "console" / "static" / "api.js"
# what only a JSON fetch helper writes: a body serialised into the request options
HELPER = re.compile(r"opts\.body\s*=\s*JSON\.stringify")


def test_only_api_js_builds_json_requests() -> None:
    scripts = sorted(GATEWAY.rglob("static/*.js"))
    writers = [p.relative_to(GATEWAY).as_posix() for p in scripts if HELPER.search(p.read_text())]
    assert writers == ["console/static/api.js"]


def test_every_page_that_uses_the_helper_loads_it_first() -> None:
    pages = {
        GATEWAY / "console" / "templates" / "agent.html": "/agent/static/console.js",
        GATEWAY / "inspection" / "static" / "inspection.html": "/inspection/static/inspection.js",
        GATEWAY / "inspection" / "static" / "audit.html": "/inspection/static/audit.js",
    }
    for page, script in pages.items():
        html = page.read_text(encoding="utf-8")
        assert html.index('src="/agent/static/api.js"') < html.index(f'src="{script}"'), page
    users = [p.name for p in GATEWAY.rglob("static/*.js") if "window.hotlineApi" in p.read_text()]
    assert sorted(users) == [
        "api.js",
        "audit.js",
        "calls.js",
        "console.js",
        "emergency.js",
        "inspection.js",
    ]
