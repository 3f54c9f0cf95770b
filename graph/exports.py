"""Stage 4d, interchange exports: the map as AIF-JSON, JSON-LD, GraphML and Argdown, as deterministic bytes.

Each format is for tools argmap does not control (OVA, AIFdb and arguebuf read AIF; JSON-LD
processors read the JSON-LD; Gephi, yEd and Cytoscape read GraphML; the Argdown editor and
tools read Argdown), so the tests read every export back with such a tool rather than with
argmap's own code.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import networkx as nx
import pyoxigraph
from rdflib import Graph
from rdflib.plugins.serializers.jsonld import from_rdf

from .assemble import ArgumentMap
from .models import AuthorKind, Claim, Relation, RelationKind
from .ontology_files import ontology_file
from .rdf import to_rdflib

# Where ontology/context.jsonld is meant to be published; the exports embed the context itself,
# so that they expand the same way whether or not this address resolves.
CONTEXT_URL = "https://w3id.org/argmap/context.jsonld"

# AIFdb's names for the default inference and conflict schemes; arguebuf maps RA/CA nodes to
# its Support/Attack schemes by node type and reads these as the default scheme.
AIF_SCHEME_TEXT = {RelationKind.SUPPORTS: ("RA", "Default Inference"), RelationKind.CONTRADICTS: ("CA", "Default Conflict")}


# ---------------------------------------------------------------- AIF-JSON


def to_aif(amap: ArgumentMap) -> bytes:
    """AIF-JSON as AIFdb and OVA write it: nodes, edges, locutions, participants.

    Claims are I-nodes; each support is an RA-node (premise -> RA -> conclusion) and each
    contradiction a CA-node (attacker -> CA -> target). Who said what is dialogue structure:
    each claim also gets an L-node (the author's locution of the quote) linked to its I-node
    through a YA-node ("Asserting"), and the author is a participant of that locution.
    """
    authors = {s.author.id: s.author for s in amap.sources}
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    locutions: list[dict[str, Any]] = []

    def edge(from_id: str, to_id: str) -> None:
        edges.append({"edgeID": f"{from_id}>{to_id}", "fromID": from_id, "toID": to_id, "formEdgeID": None})

    for claim in amap.claims:
        source = amap.source_of(claim)
        nodes.append({"nodeID": claim.id, "text": claim.statement, "type": "I", "timestamp": _aif_timestamp(source.date)})
        locution, asserting = f"{claim.id}/locution", f"{claim.id}/asserting"
        nodes.append({"nodeID": locution, "text": f"{source.author.name}: {claim.quote}", "type": "L", "timestamp": _aif_timestamp(source.date)})
        nodes.append({"nodeID": asserting, "text": "Asserting", "type": "YA", "timestamp": _aif_timestamp(source.date)})
        edge(locution, asserting)
        edge(asserting, claim.id)
        locutions.append({
            "nodeID": locution,
            "personID": source.author.id,
            "timestamp": _aif_timestamp(source.date),
            "start": str(claim.span.start),
            "end": str(claim.span.end),
            "source": source.id,
        })
    for relation in amap.relations:
        node_type, text = AIF_SCHEME_TEXT[relation.kind]
        nodes.append({"nodeID": relation.id, "text": text, "type": node_type, "timestamp": ""})
        edge(relation.from_id, relation.id)
        edge(relation.id, relation.to_id)
    participants = [
        {"participantID": author.id, **_first_and_surname(author.name, author.kind)}
        for author in sorted(authors.values(), key=lambda a: a.id)
    ]
    document = {"nodes": nodes, "edges": edges, "locutions": locutions, "participants": participants}
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _aif_timestamp(date: str | None) -> str:
    """AIF's "YYYY-MM-DD HH:mm:ss", only when the full date is known (never invent precision)."""
    return f"{date} 00:00:00" if date and len(date) == 10 else ""


def _first_and_surname(name: str, kind: AuthorKind) -> dict[str, str]:
    # AIFdb participants have a first name and a surname; an organisation keeps its whole name.
    if kind is AuthorKind.PERSON and " " in name:
        first, surname = name.rsplit(" ", 1)
        return {"firstname": first, "surname": surname}
    return {"firstname": name, "surname": ""}


# ---------------------------------------------------------------- JSON-LD


def load_context() -> dict[str, Any]:
    """The term definitions of ontology/context.jsonld (the value of its "@context")."""
    return json.loads(ontology_file("context.jsonld").read_text(encoding="utf-8"))["@context"]


def to_jsonld(graph: Graph) -> bytes:
    """Compacted JSON-LD with argmap's context, nodes sorted by @id and value arrays sorted."""
    # rdflib's from_rdf is what graph.serialize(format="json-ld") calls before encoding: taking its
    # document directly spares encoding 700k triples to a string and decoding them again.
    document = from_rdf(graph, context_data=load_context(), auto_compact=True)
    nodes = document.get("@graph", [document] if "@id" in document else [])
    document = {
        "@context": document["@context"],
        "@graph": sorted((_sorted_values(node) for node in nodes), key=lambda n: n["@id"]),
    }
    return (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _sorted_values(node: Any) -> Any:
    # JSON-LD arrays without @list are unordered sets: sorting them changes no triple.
    if isinstance(node, dict):
        return {key: _sorted_values(value) for key, value in node.items()}
    if isinstance(node, list):
        return sorted((_sorted_values(v) for v in node), key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return node


# ---------------------------------------------------------------- GraphML


def to_graphml_graph(amap: ArgumentMap) -> nx.MultiDiGraph:
    """Claims as nodes and relations as keyed edges, with flat string attributes GraphML can hold."""
    graph = nx.MultiDiGraph()
    for claim in amap.claims:
        source = amap.source_of(claim)
        attributes = {
            "label": claim.statement,
            "quote": claim.quote,
            "author": source.author.name,
            "author_id": source.author.id,
            "source": source.id,
            "method": claim.method.value,
            "polarity": claim.polarity.value,
            "about": claim.about,
            "proposition": claim.proposition_id,
            "holder": claim.holder,
            "confidence": claim.confidence,
            "date": source.date,
        }
        graph.add_node(claim.id, **{k: v for k, v in attributes.items() if v is not None})
    for relation in amap.relations:
        attributes = {
            "relation": relation.kind.value,
            "method": relation.method.value,
            "rationale": relation.rationale,
            "derivation_key": relation.derivation_key,
        }
        graph.add_edge(relation.from_id, relation.to_id, key=relation.id, **{k: v for k, v in attributes.items() if v is not None})
    return graph


def to_graphml(amap: ArgumentMap) -> bytes:
    buffer = io.BytesIO()
    # The stdlib writer, not lxml's (nx.write_graphml picks lxml when installed): same bytes everywhere.
    nx.write_graphml_xml(to_graphml_graph(amap), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


# ---------------------------------------------------------------- Argdown

# Characters that start markup in Argdown's lexer wherever they stand in a line (the ones its text
# token stops at, plus "=" of front matter): mentions, tags, bold/italic, [statement] and
# <argument> references, links, comments, :shortcodes: and .shortcodes., {data}, escapes.
# Each is written behind a backslash, which the parser drops, so the text reads back as it was.
ARGDOWN_MARKUP = frozenset("\\@#*_[],.:</>(){};-=")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")

# What each relation kind is in Argdown, written under (a reference to) the claim it starts from:
# "[a]" then "  +> [b]" says a supports b, "  -> [b]" that a attacks b.
ARGDOWN_RELATION = {RelationKind.SUPPORTS: "+>", RelationKind.CONTRADICTS: "->"}


def to_argdown(amap: ArgumentMap) -> bytes:
    """Argdown text (https://argdown.org): one section per author, each claim a titled statement.

    A claim is `[claim-id]: statement{author: …, source: …, polarity: …, method: …, quote: …}`
    (the braces hold YAML, which Argdown keeps as the statement's data), followed by its
    outgoing relations under a reference to it (`[claim-id]` then `  +> [other-id]`). Authors,
    claims and relations are sorted, so the bytes depend only on the map.
    """
    by_author: dict[str, list[Claim]] = {}
    for claim in amap.claims:
        by_author.setdefault(amap.author_of(claim).id, []).append(claim)
    outgoing: dict[str, list[Relation]] = {}
    for relation in amap.relations:
        outgoing.setdefault(relation.from_id, []).append(relation)
    kind_order = list(ARGDOWN_RELATION)
    lines: list[str] = []
    for author_id in sorted(by_author):
        claims = sorted(by_author[author_id], key=lambda c: c.id)
        author = amap.author_of(claims[0])
        lines += [f"# {_argdown_text(author.name)}", ""]
        for claim in claims:
            data = {"author": author.name, "source": claim.source_id, "polarity": claim.polarity.value,
                    "method": claim.method.value, "quote": claim.quote}
            if _LINE_BREAK.search(claim.statement):
                # An Argdown statement is one line: the parser reads a line break in it as a space
                # (and the next line as markup). The exact statement stays in the data.
                data["statement"] = claim.statement
            lines += [f"[{claim.id}]: {_argdown_text(claim.statement)}{_argdown_data(data)}", ""]
            if claim.id in outgoing:
                # Under a reference, not under the definition: Argdown's parser appends a space to
                # a statement's text when a line of relations follows its data block.
                lines.append(f"[{claim.id}]")
                for relation in sorted(outgoing[claim.id], key=lambda r: (kind_order.index(r.kind), r.to_id)):
                    lines.append(f"  {ARGDOWN_RELATION[relation.kind]} [{relation.to_id}]")
                lines.append("")
    return "\n".join(lines).encode("utf-8")


def _argdown_text(text: str) -> str:
    """One line of text that Argdown's parser reads back as exactly `text`, line breaks as spaces."""
    escaped = []
    for i, char in enumerate(_LINE_BREAK.sub(" ", text)):
        # The lexer skips a run of spaces or tabs where a token starts: at the start of the text,
        # and after an escaped character (which keeps only the spaces that follow it, not tabs).
        if char in ARGDOWN_MARKUP or char == "\t" or (i == 0 and char == " "):
            escaped.append("\\" + char)
        else:
            escaped.append(char)
    return "".join(escaped)


def _argdown_data(data: dict[str, str]) -> str:
    """A YAML flow mapping of double-quoted strings that Argdown's lexer takes as one data block."""
    return "{" + ", ".join(f"{key}: {_yaml_string(value)}" for key, value in data.items()) + "}"


def _yaml_string(value: str) -> str:
    # JSON string escapes are YAML double-quoted escapes too. Braces are escaped because the
    # lexer ends a data block at a "}" followed by a space; characters YAML or the lexer cannot
    # take raw (line and paragraph separators, C1 controls, BOM, noncharacters) are escaped too.
    body = json.dumps(value, ensure_ascii=False)[1:-1]
    return '"' + "".join(char if char.isprintable() and char not in "{}" else _yaml_escape(char) for char in body) + '"'


def _yaml_escape(char: str) -> str:
    code = ord(char)
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


# ---------------------------------------------------------------- registry

@dataclass(frozen=True)
class Export:
    """One interchange format: the file `argmap build` writes, how, and up to what size."""

    file_name: str
    write: Callable[[ArgumentMap, list[pyoxigraph.Triple]], bytes]
    # `argmap build` skips the format for graphs of more triples than this (None: never skips);
    # `argmap export --format NAME` writes it at any size.
    build_limit: int | None = None
    # Made from the triples (written where the build makes them: rdf_outputs), else from the map alone.
    from_triples: bool = False

    def __post_init__(self) -> None:
        if self.build_limit is not None and not self.from_triples:
            raise ValueError(f"{self.file_name}: a build limit counts triples; only an export made from the triples has one")


# `argmap build` writes the JSON-LD only for graphs of at most this many triples ("where cheap"):
# rdflib's JSON-LD writer needs an rdflib Graph; at the 1,000-article benchmark's 700k triples
# making that graph (7.6 s) and compacting it (9.3 s) were over a quarter of a 61 s build.
# At 100 articles (66k triples) it takes 1.9 s.
JSONLD_BUILD_LIMIT = 100_000

# Format name -> export. JSON-LD is made from the RDF triples (so it holds exactly the Turtle's
# triples); the others from the map.
EXPORTS: dict[str, Export] = {
    "aif": Export("argmap.aif.json", lambda amap, triples: to_aif(amap)),
    "jsonld": Export("argmap.jsonld", lambda amap, triples: to_jsonld(to_rdflib(triples)), JSONLD_BUILD_LIMIT, from_triples=True),
    "graphml": Export("argmap.graphml", lambda amap, triples: to_graphml(amap)),
    "argdown": Export("argmap.argdown", lambda amap, triples: to_argdown(amap)),
}
