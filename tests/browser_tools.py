"""What the browser tests share: a page visit that records every request and error, axe-core, contrast.

Pages are opened from file:// with every request routed: a single network request (or a console
error, or a JavaScript dialog) is recorded, and the tests fail on it. axe-core is the pinned npm
package of tests/browser/ (scripts/install-node-deps.sh installs it), injected into the page as a
script, so it runs on the page the reader gets, in the same real Chromium.
"""

from __future__ import annotations

import re
from pathlib import Path

from .conftest import ROOT

MAP = "document.querySelectorAll('.argmap-root')[{index}].argmapMap"
AXE = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.1 A and AA, and axe's best practices (landmarks, one h1, headings in order, …).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
SCREENSHOTS = ROOT / "build" / "screenshots"


class Visit:
    """One page, opened from disk, recording every request, console error, page error and dialog."""

    def __init__(self, browser, path: Path, viewport=(1400, 900)):
        self.url = path.resolve().as_uri()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        self.page = self.context.new_page()
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.errors.append(f"console {m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        self.page.on("dialog", self._dialog)

    def _route(self, route):
        self.requests.append(route.request.url)
        if route.request.url == self.url:
            route.continue_()
        else:
            route.abort()

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, maps: int = 1):
        self.page.goto(self.url)
        for i in range(maps):
            self.page.wait_for_function(f"{MAP.format(index=i)} && {MAP.format(index=i)}.ready", timeout=30000)
        return self

    def js(self, expression: str, index: int = 0):
        return self.page.evaluate(f"(map => {expression})({MAP.format(index=index)})")

    def visible_nodes(self, index: int = 0) -> set[str]:
        return set(self.js("map.visibleNodeIds()", index))

    def visible_claims(self, index: int = 0) -> set[str]:
        return set(self.js("map.visibleNodeIds().filter(id => map.data.claims[id])", index))

    def click_claim(self, claim_id: str, index: int = 0) -> None:
        """Centre the view on the claim (opening its folded group first), then click it where it is drawn."""
        self.js(f"(function () {{ const g = map.data.claims[{claim_id!r}].group; if (g && map.nodes.get({claim_id!r}).hidden) map.toggleGroup(g); }})()", index)
        self.js(f"map.network.moveTo({{position: map.network.getPosition({claim_id!r}), scale: 1.5}})", index)
        canvas = self.page.locator(".am-canvas").nth(index)
        # the canvas's middle, where the claim now is, in the viewport: "if needed" scrolls nothing
        # when only the canvas's top shows (a second map below the fold), and the click then misses
        canvas.evaluate("el => el.scrollIntoView({block: 'center', inline: 'center'})")
        self.page.wait_for_timeout(50)  # a frame for the scroll to settle before the box is read
        # and a view that has stopped moving (a fit or focus animation still running on a busy machine
        # moves the claim after its position is read)
        view = f"JSON.stringify([map.network.getViewPosition(), map.network.getScale(), map.network.getPosition({claim_id!r})])"
        before = self.js(view, index)
        for _ in range(30):
            self.page.wait_for_timeout(100)
            now = self.js(view, index)
            if now == before:
                break
            before = now
        box = canvas.bounding_box()
        point = self.js(f"map.network.canvasToDOM(map.network.getPosition({claim_id!r}))", index)
        self.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
        self.page.wait_for_timeout(400)  # the focus animation

    def axe(self) -> list[dict]:
        """axe-core's violations on the page as it is now (each with its id, impact and failing nodes)."""
        if not self.page.evaluate("typeof window.axe !== 'undefined'"):
            self.page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        result = self.page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
        return [{"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
                for v in result["violations"]]

    def screenshot(self, name: str, **options) -> Path:
        """A screenshot kept in build/screenshots/ (for the reader's eye, and the README)."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / name
        self.page.screenshot(path=path, **options)
        return path

    def close(self):
        self.context.close()


def relative_luminance(colour: str) -> float:
    """WCAG 2.1's relative luminance of a colour given as #rrggbb or rgb(r, g, b)."""
    if colour.startswith("#"):
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    else:
        channels = [int(v) / 255 for v in re.findall(r"\d+", colour)[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    """WCAG 2.1's contrast ratio, from 1 to 21."""
    a, b = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)
