"""The map's records, fragment and static picture, without a browser (see test_html_browser.py; the layout: test_static_layout.py)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from io import BytesIO

import pytest
from argmap.cli import main
from argmap.map_page import EDGE_STYLES, map_model, page_data, page_data_json, render_fragment, render_html, render_html_bytes
from argmap.models import Method
from argmap.options import BuildOptions
from argmap.picture import render_pictures
from argmap.pipeline import build_map
from argmap.templating import environment
from PIL import Image

from .conftest import DATA, MINI, SEEDS

XSS = DATA / "xss"


def test_records_encode_author_method_kind_and_cross_author_degree():
    amap = build_map(BuildOptions(MINI))
    model = map_model(amap)
    colours = {a["id"]: a["colour"] for a in model.authors}
    assert len(set(colours.values())) == len(colours)
    methods = {c.id: c.method for c in amap.claims}
    assert set(methods.values()) == {Method.CURATED, Method.RULE_EXTRACTED}, "the mini corpus has claims of both kinds"
    claims = [n for n in model.nodes if n["kind"] == "claim"]
    assert {n["id"] for n in claims} == set(methods)
    for node in claims:
        assert node["color"]["background"] == colours[node["author"]]
        assert node["method"] == methods[node["id"]].value
        assert node["shape"] == ("diamond" if methods[node["id"]] is Method.RULE_EXTRACTED else "dot")
    # Supports and contradicts differ in colour AND line style AND arrowhead; so do a claim's stances.
    for a, b in (("supports", "contradicts"), ("affirms", "denies"), ("borne-out", "refuted")):
        assert EDGE_STYLES[a].colour != EDGE_STYLES[b].colour and EDGE_STYLES[a].arrow != EDGE_STYLES[b].arrow
    assert EDGE_STYLES["contradicts"].dashes and not EDGE_STYLES["supports"].dashes
    assert EDGE_STYLES["contradicts"].width > EDGE_STYLES["supports"].width
    sizes = {n["id"]: n["size"] for n in claims}
    assert sizes["alpha-trade-grows"] < sizes["alpha-sanctions-moderate"]  # no link vs one cross-author link


def test_the_mini_map_has_one_question_with_its_two_reported_views_and_one_folded_claim():
    amap = build_map(BuildOptions(MINI, extract=False))
    model = map_model(amap)
    kinds = {n["id"]: n["kind"] for n in model.nodes}
    assert [i for i, k in kinds.items() if k == "question"] == ["question:proposition:russia-sees-japan-not-independent"]
    spokes = {e["from"]: e for e in model.edges if e["kind"] == "stance"}
    assert set(spokes) == {"alpha-not-independent", "beta-not-independent"}
    assert {e["stance"] for e in spokes.values()} == {"reports"}  # both report Moscow's view
    # Their derived support is what the question says: not drawn again, still in the relations.
    assert not any(e["id"].endswith("--supports--beta-not-independent") for e in model.edges)
    assert any(r["id"] == "alpha-not-independent--supports--beta-not-independent" for r in model.relations)
    (group,) = [n for n in model.nodes if n["kind"] == "group"]
    assert group["members"] == ["alpha-trade-grows"]
    assert next(n for n in model.nodes if n["id"] == "alpha-trade-grows")["hidden"] is True
    labels = {n["id"]: n["label"].replace("\n", " ") for n in model.nodes}
    assert labels["alpha-not-independent"] == "Moscow (reported): affirms"
    assert labels[group["id"]] == "Alpha, 2017: 1 unlinked claim ▸"


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


def test_page_data_json_is_what_jinja_tojson_writes():
    data = {"zeta": [1, 2.5, None, True, -0.0], "alpha": {"b'": "<script>&amp;</script>", "é": "naïve — 東京\u2028"},
            "mid": "it's", "nested": [{"y": 1, "x": {"q": "</script>", "p": []}}], "empty": {}}
    assert page_data_json(data).decode("utf-8") == environment().from_string("{{ data | tojson }}").render(data=data)


def test_page_data_json_refuses_json_policies_it_does_not_write(monkeypatch):
    monkeypatch.setitem(environment().policies, "json.dumps_kwargs", {"sort_keys": True, "indent": 1})
    with pytest.raises(ValueError, match="json policies"):
        page_data_json({"a": 1})


def test_the_page_holds_its_data_once_as_tojson_writes_it():
    amap = build_map(BuildOptions(XSS))
    model = map_model(amap)
    page = render_html_bytes(amap, model=model)
    opening = b'<script type="application/json" class="am-data">'
    assert page.count(opening) == 1 and b"\0" not in page
    data = page.split(opening)[1].split(b"</script>")[0]
    assert data == environment().from_string("{{ d | tojson }}").render(d=page_data(model)).encode("utf-8")
    assert render_html(amap, model=model).encode("utf-8") == page
    fragment = render_fragment(amap, model=model, heading_level=1)
    assert fragment.encode("utf-8") in page  # the page is the fragment filling the window
    assert page.startswith(b"<!DOCTYPE html>") and page.rstrip().endswith(b"</html>")


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


def test_labels_are_short_and_a_denial_or_a_reported_view_says_so():
    amap = build_map(BuildOptions(SEEDS))
    model = map_model(amap)
    labels = {n["id"]: n["label"] for n in model.nodes if n["kind"] == "claim"}
    on_question = {c: q for c, q in ((c, d["question"]) for c, d in model.claims.items()) if q}
    for claim in amap.claims:
        label = labels[claim.id]
        assert len(label.split("\n")) <= 3 and max(len(line) for line in label.split("\n")) <= 24, label
        text = label.replace("\n", " ")
        if claim.holder:
            assert "(reported):" in text, claim.id
        elif claim.id in on_question:  # the question's box says what; the label says who and which way
            assert text.endswith(": affirms" if claim.polarity == "affirmed" else ": denies"), (claim.id, text)
        else:  # a reader scanning the map must not take a denial for its opposite
            assert text.startswith("denied: ") == (claim.polarity == "denied"), claim.id
    assert any(labels[c.id].startswith("denied: ") and c.method is Method.RULE_EXTRACTED for c in amap.claims)
    assert labels["miller-no-compromise-on-kurils"] == "Miller: denies"
    assert labels["rd-leaders-may-compromise"].replace("\n", " ").startswith("Abe's and Putin's")
