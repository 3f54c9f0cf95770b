"""The map's records, layout, fragment and static picture, without a browser (see test_html_browser.py)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from io import BytesIO

import numpy as np
from PIL import Image

from argmap.cli import main
from argmap.map_page import EDGE_STYLES, label_box, map_model, render_fragment, render_html
from argmap.models import Method
from argmap.picture import render_pictures
from argmap.options import BuildOptions
from argmap.pipeline import build_map
from argmap.static_layout import DENSE_OVERLAP_GROUP, Box, _near_pairs, remove_overlaps

from .conftest import DATA, MINI, SEEDS

XSS = DATA / "xss"


def boxes_overlap(model) -> list[tuple[str, str]]:
    boxes = {n["id"]: (n["x"], n["y"], label_box(n["label"], n["size"])) for n in model.nodes}
    clashes = []
    items = sorted(boxes.items())
    for i, (a, (ax, ay, abox)) in enumerate(items):
        for b, (bx, by, bbox) in items[i + 1:]:
            if abs(ax - bx) < (abox.width + bbox.width) / 2 and abs(ay + abox.dy - by - bbox.dy) < (abox.height + bbox.height) / 2:
                clashes.append((a, b))
    return clashes


def test_no_two_labels_overlap_on_the_seed_corpus():
    model = map_model(build_map(BuildOptions(SEEDS)))
    assert len(model.nodes) > 50
    assert boxes_overlap(model) == []


def test_overlap_removal_separates_coincident_boxes():
    xy = remove_overlaps(np.zeros((4, 2)), [Box(100, 40)] * 4)
    for i in range(4):
        for j in range(i + 1, 4):
            assert abs(xy[i, 0] - xy[j, 0]) >= 100 or abs(xy[i, 1] - xy[j, 1]) >= 40


def test_kd_tree_finds_every_overlapping_pair_in_row_major_order():
    # Large groups look for overlaps with a k-d tree instead of every pair: it must miss none, and
    # list them in the order every-pair checking does (the pushes are summed in that order).
    rng = np.random.default_rng(3)
    n = DENSE_OVERLAP_GROUP * 3
    w, h = rng.uniform(20, 180, n), rng.uniform(30, 80, n)
    cx, cy = rng.normal(size=n) * 900, rng.normal(size=n) * 500
    cx[:10] = cx[10:20]  # some coincident centres
    i, j = _near_pairs(cx, cy, w, h)
    assert np.all(i < j) and np.all(np.diff(i * n + j) > 0)
    ai, aj = np.triu_indices(n, 1)
    clash = ((w[ai] + w[aj]) / 2 > np.abs(cx[aj] - cx[ai])) & ((h[ai] + h[aj]) / 2 > np.abs(cy[aj] - cy[ai]))
    found = set(zip(i.tolist(), j.tolist()))
    overlapping = set(zip(ai[clash].tolist(), aj[clash].tolist()))
    assert overlapping and overlapping <= found


def test_large_group_overlap_removal_leaves_no_overlap():
    rng = np.random.default_rng(5)
    boxes = [Box(float(rng.uniform(40, 160)), 50.0, 10.0) for _ in range(DENSE_OVERLAP_GROUP * 2)]
    xy = remove_overlaps(rng.normal(size=(len(boxes), 2)) * 300, boxes)
    cx, cy = xy[:, 0], xy[:, 1] + 10.0
    w = np.array([b.width for b in boxes])
    for a in range(len(boxes)):
        for b in range(a + 1, len(boxes)):
            assert abs(cx[a] - cx[b]) >= (w[a] + w[b]) / 2 or abs(cy[a] - cy[b]) >= 50.0



def test_records_encode_author_method_kind_and_cross_author_degree():
    amap = build_map(BuildOptions(MINI))
    model = map_model(amap)
    colours = {a["id"]: a["colour"] for a in model.authors}
    assert len(set(colours.values())) == len(colours)
    methods = {c.id: c.method for c in amap.claims}
    assert set(methods.values()) == {Method.CURATED, Method.RULE_EXTRACTED}, "the mini corpus has claims of both kinds"
    for node in model.nodes:
        assert node["color"]["background"] == colours[node["author"]]
        assert node["method"] == methods[node["id"]].value
        assert node["shape"] == ("diamond" if methods[node["id"]] is Method.RULE_EXTRACTED else "dot")
    styles = {(e["kind"], e["method"]): (e["color"]["color"], e["dashes"]) for e in model.edges}
    assert styles[("contradicts", "curated")] != styles.get(("supports", "derived"))
    # Supports and contradicts differ in colour AND line style, curated or derived.
    for derived in (False, True):
        s, c = EDGE_STYLES[("supports", derived)], EDGE_STYLES[("contradicts", derived)]
        assert s.colour != c.colour and s.dashes != c.dashes
    sizes = {n["id"]: n["size"] for n in model.nodes}
    assert sizes["alpha-trade-grows"] < sizes["alpha-sanctions-moderate"]  # no link vs one cross-author link


class _Structure(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.ids, self.styles = [], [], []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.ids += [v for k, v in attrs if k == "id"]
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


def css_selectors(css: str) -> list[str]:
    """Every selector of a stylesheet, including those inside @media blocks."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    selectors = []
    for prelude in re.findall(r"([^{}]+)\{", css):
        if prelude.strip().startswith("@"):
            continue
        selectors += [s.strip() for s in prelude.split(",")]
    return selectors


def test_fragment_is_one_div_with_scoped_css_and_no_ids():
    model = map_model(build_map(BuildOptions(MINI)))
    fragment = render_fragment(build_map(BuildOptions(MINI)), model=model).strip()
    parsed = _Structure()
    parsed.feed(fragment)
    assert parsed.tags[0] == "div" and fragment.endswith("</div>")
    assert not {"html", "head", "body"} & set(parsed.tags)
    assert parsed.ids == [], "ids would clash when the fragment is pasted twice"
    selectors = css_selectors("".join(parsed.styles))
    assert selectors, "the fragment has its styles"
    assert all(s.startswith(f".{model.scope}") for s in selectors), [s for s in selectors if not s.startswith(f".{model.scope}")]


def test_corpus_text_never_appears_unescaped_in_the_page():
    page = render_html(build_map(BuildOptions(XSS)))
    assert "<img" not in page and "<script>alert" not in page and "</script><script>alert(2)" not in page
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in page  # present, as escaped JSON text


def test_static_picture_is_a_valid_svg_and_png_of_every_claim_with_text_escaped():
    amap = build_map(BuildOptions(XSS))
    model = map_model(amap)
    svg, png = render_pictures(model)
    root = ET.fromstring(svg)
    texts = "".join(root.itertext())
    assert "<img src=x onerror=alert(1)>" in texts  # parsed back as text, so it was escaped
    assert not root.findall(".//{http://www.w3.org/2000/svg}script")
    image = Image.open(BytesIO(png))
    assert image.format == "PNG" and image.width > 600
    assert "Software" not in image.info


def test_cli_html_writes_a_page_or_a_fragment(tmp_path, capsys):
    assert main(["html", "--seeds", str(MINI), "--out", str(tmp_path / "map.html")]) == 0
    assert (tmp_path / "map.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    capsys.readouterr()
    assert main(["html", "--seeds", str(MINI), "--fragment", "--title", "Mini <map>"]) == 0
    out = capsys.readouterr().out
    assert out.startswith('<div class="argmap-root ') and "Mini &lt;map&gt;" in out


def test_build_writes_the_picture_beside_the_map(tmp_path):
    assert main(["build", "--seeds", str(MINI), "--out", str(tmp_path)]) == 0
    assert (tmp_path / "argmap.svg").read_bytes().startswith(b"<?xml")
    assert (tmp_path / "argmap.png").read_bytes().startswith(b"\x89PNG")


def test_a_denied_claim_says_so_in_its_label():
    amap = build_map(BuildOptions(SEEDS))
    labels = {n["id"]: n["label"].replace("\n", " ") for n in map_model(amap).nodes}
    denied = [c for c in amap.claims if c.polarity == "denied"]
    assert denied, "the seed corpus has denied claims"
    for claim in amap.claims:
        starts = labels[claim.id].startswith("denied: ")
        assert starts == (claim in denied), claim.id
    # e.g. Streltsov's "Tokyo will not lift them" must not read as "Japan will lift them" on the map
    assert any(labels[c.id].startswith("denied: ") and c.method is Method.RULE_EXTRACTED for c in denied)
