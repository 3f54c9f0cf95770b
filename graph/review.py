"""`argmap review SOURCE`: walk one source's candidate claims and link suggestions, and write what a
person accepts into the seeds.

What is offered, claim by claim (the source's rule-extracted candidates first, then its curated
claims):
- a candidate claim (found by the rules, not yet curated): accept it as a curated claim, reject it,
  edit its statement, link it to one of the propositions suggested for it, or start a new
  proposition with its statement;
- a curated claim that expresses no proposition: its best suggested proposition;
- each suggested link from the claim to another author's claim (graph/suggest.py): accept it as a
  relation (with the stance shown, or flipped), or reject it.

Decisions are kept in memory and written at the end (or at `q`) through graph/seedwriter.py: the
whole corpus is validated first, a file changed on disk meanwhile stops the write, and all files
change or none. Ctrl-C at any point writes nothing. Rejections go to seeds/rejections.yaml and are
not offered again.
"""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TextIO

from .assemble import ArgumentMap
from .errors import InputError, Issue
from .models import Claim, Method, Polarity, RelationKind, slugify
from .seeds import CLAIMS_DIR, PROPOSITIONS_FILE, REJECTIONS_FILE, RELATIONS_FILE, SOURCES_FILE, load_rejections
from .seedwriter import SeedEdits
from .suggest import DEFAULT_ENGINE, Candidate, SuggestionIndex, already_linked, suggest

DEFAULT_TOP = 3
# Below these scores a suggestion is not worth a person's time. Measured leaving each seed source out
# (bm25): a claim's best other-author claim scoring >= 0.10 is one the seeds link it to 58% of the
# time, and its best proposition scoring >= 0.15 is its own proposition 72% of the time (below,
# under half are): a reviewer then accepts more than they reject.
DEFAULT_MIN_SCORE = 0.1
PROPOSITION_MIN_SCORE = 0.15
ItemKind = Literal["claim", "proposition-link", "link"]


@dataclass
class Item:
    """One thing to decide. Its id is what --accept / --reject name."""

    id: str
    kind: ItemKind
    claim: Claim  # the claim it is about (the candidate itself, for a claim item)
    candidate: Candidate | None = None  # the suggested proposition or claim, for links
    propositions: tuple[Candidate, ...] = ()  # for a claim item: propositions it may express


@dataclass
class Decisions:
    """What the person decided, in order; applied to the seeds in one go."""

    accepted_claims: dict[str, dict] = field(default_factory=dict)  # candidate id -> claims-file record
    new_propositions: dict[str, str] = field(default_factory=dict)  # id -> text
    claim_updates: dict[str, dict] = field(default_factory=dict)  # curated claim id -> fields to set
    relations: list[tuple[str, str, str, str]] = field(default_factory=list)  # (from, type, to, rationale)
    rejections: list[tuple[str, str]] = field(default_factory=list)  # (kind, item id)
    notes: list[str] = field(default_factory=list)

    def count(self) -> int:
        return len(self.accepted_claims) + len(self.claim_updates) + len(self.relations) + len(self.rejections)


def link_id(claim_id: str, kind: RelationKind | str, target: str) -> str:
    return f"{claim_id}--{RelationKind(kind).value}--{target}"


def proposition_link_id(claim_id: str, proposition_id: str) -> str:
    return f"{claim_id}--expresses--{proposition_id}"


class Review:
    """One source's review: the items to decide, and how decisions become seeds edits."""

    def __init__(self, seeds_dir: Path, source_id: str, amap: ArgumentMap, engine: str = DEFAULT_ENGINE,
                 top: int = DEFAULT_TOP, min_score: float = DEFAULT_MIN_SCORE):
        self.dir = Path(seeds_dir)
        self.source_id = source_id
        self.amap = amap
        self.edits = SeedEdits(self.dir)
        # Every seeds file as it is now: a change to any of them while the review runs stops the write.
        for rel in (SOURCES_FILE, PROPOSITIONS_FILE, RELATIONS_FILE, REJECTIONS_FILE, f"{CLAIMS_DIR}/{source_id}.yaml"):
            self.edits.note_read(rel)
        for path in sorted((self.dir / CLAIMS_DIR).glob("*.yaml")):
            self.edits.note_read(f"{CLAIMS_DIR}/{path.name}")
        self.rejected = load_rejections(self.dir)
        self.claims = {c.id: c for c in amap.claims}
        self.propositions = {p.id: p for p in amap.propositions}
        self.author_of = {s.id: s.author.id for s in amap.sources}
        self.index = SuggestionIndex.build(amap.sources, amap.propositions, amap.claims, engine)
        self.top, self.min_score = top, min_score
        self.items = self._items()
        self.decisions = Decisions()
        self._ids: set[str] = set(self.claims)
        self._proposition_ids: set[str] = set(self.propositions)

    @classmethod
    def open(cls, seeds_dir: Path, source_id: str, engine: str = DEFAULT_ENGINE, top: int = DEFAULT_TOP,
             min_score: float = DEFAULT_MIN_SCORE, build_map: Callable[[Path], ArgumentMap] | None = None) -> Review:
        """Load and validate the seeds (InputError lists every problem: the review does not start),
        check the source exists, extract and assemble, and prepare the items."""
        if build_map is None:
            from .options import BuildOptions
            from .pipeline import build_map as build

            def build_map(path: Path) -> ArgumentMap:
                return build(BuildOptions(path, suggest=False))
        amap = build_map(Path(seeds_dir))
        known = sorted(s.id for s in amap.sources)
        if source_id not in known:
            close = difflib.get_close_matches(source_id, known, n=1)
            hint = f"did you mean `{close[0]}`?" if close else f"known sources: {', '.join(known)}"
            raise InputError([Issue((Path(seeds_dir) / SOURCES_FILE).as_posix(), f"source {source_id}", "unknown source", hint, "unknown-source")])
        return cls(seeds_dir, source_id, amap, engine, top, min_score)

    # -- what is offered

    def _link_rejected(self, a: str, b: str) -> bool:
        return any(("link", link_id(x, kind, y)) in self.rejected for x, y in ((a, b), (b, a)) for kind in RelationKind)

    def _items(self) -> list[Item]:
        mine = [c for c in self.amap.claims if c.source_id == self.source_id]
        candidates = sorted((c for c in mine if c.method is Method.RULE_EXTRACTED), key=lambda c: c.span.start)
        curated = sorted((c for c in mine if c.method is not Method.RULE_EXTRACTED), key=lambda c: c.span.start)
        exclude = already_linked(self.amap.claims, self.amap.relations)
        ordered = [c for c in candidates if ("claim", c.id) not in self.rejected] + curated
        results = suggest(self.index, ordered, self.author_of, top=self.top, exclude=exclude)
        items: list[Item] = []
        for claim, result in zip(ordered, results, strict=True):
            props = tuple(c for c in result.candidates if c.kind == "proposition")
            if claim.method is Method.RULE_EXTRACTED:
                items.append(Item(id=claim.id, kind="claim", claim=claim, propositions=props))
            elif not claim.proposition_id and props and max(c.score for c in props) >= PROPOSITION_MIN_SCORE:
                best = max(props, key=lambda c: c.score)
                if ("proposition-link", proposition_link_id(claim.id, best.target)) not in self.rejected:
                    items.append(Item(id=proposition_link_id(claim.id, best.target), kind="proposition-link", claim=claim, candidate=best))
            for candidate in (c for c in result.candidates if c.kind == "claim"):
                if candidate.score < self.min_score or self._link_rejected(claim.id, candidate.target):
                    continue
                if self.claims[candidate.target].method is Method.RULE_EXTRACTED:
                    continue  # another source's candidate: it becomes a target once that source is reviewed
                items.append(Item(id=link_id(claim.id, candidate.stance, candidate.target), kind="link", claim=claim, candidate=candidate))
        return items

    # -- decisions

    def _new_claim_id(self, claim: Claim, statement: str) -> str:
        """A readable id for an accepted candidate: the source's usual prefix and the statement's first words."""
        own = [c.id for c in self.amap.claims if c.source_id == claim.source_id and c.method is not Method.RULE_EXTRACTED]
        prefixes = [i.split("-", 1)[0] for i in own]
        prefix = max(sorted(set(prefixes)), key=prefixes.count) if prefixes else re.sub(r"-\d{4}$", "", claim.source_id)
        words = [w for w in slugify(statement).split("-") if w not in {"the", "a", "an", "of", "to", "and", "in", "its", "is"}][:6]
        return self._unique(f"{prefix}-{'-'.join(words) or 'claim'}", self._ids)

    @staticmethod
    def _unique(base: str, taken: set[str]) -> str:
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        taken.add(candidate)
        return candidate

    def _occurrence(self, claim: Claim) -> int | None:
        text = next(s.text for s in self.amap.sources if s.id == claim.source_id)
        starts, at = [], text.find(claim.quote)
        while at >= 0:
            starts.append(at)
            at = text.find(claim.quote, at + 1)
        return starts.index(claim.span.start) + 1 if len(starts) > 1 else None

    def accept_claim(self, item: Item, statement: str | None = None, proposition: str | None = None,
                     polarity: Polarity | None = None, new_proposition: bool = False) -> str:
        """Record a candidate claim as curated; returns its new id."""
        claim = item.claim
        statement = statement or claim.statement
        polarity = polarity or claim.polarity
        if new_proposition:
            proposition = self._unique(slugify(" ".join(statement.split()[:8])), self._proposition_ids)
            self.decisions.new_propositions[proposition] = statement
        elif proposition:
            statement = self.propositions[proposition].text  # the claim states the proposition, affirming or denying it
        new_id = self._new_claim_id(claim, statement)
        self.decisions.accepted_claims[claim.id] = {
            "id": new_id, "statement": statement, "quote": claim.quote, "about": claim.about, "polarity": polarity.value,
            "proposition": proposition, "holder": claim.holder, "confidence": claim.confidence, "occurrence": self._occurrence(claim),
        }
        return new_id

    def accept_proposition_link(self, item: Item, polarity: Polarity | None = None) -> None:
        """A curated claim now expresses the proposition: it takes the proposition's text as its statement."""
        assert item.candidate is not None
        guessed = Polarity.AFFIRMED if item.candidate.stance is RelationKind.SUPPORTS else Polarity.DENIED
        self.decisions.claim_updates[item.claim.id] = {
            "proposition": item.candidate.target, "statement": self.propositions[item.candidate.target].text,
            "polarity": (polarity or guessed).value,
        }

    def accept_link(self, item: Item, kind: RelationKind | None = None, rationale: str | None = None) -> bool:
        """Record a suggested link as a relation; False (with a note) if its claim was not kept."""
        assert item.candidate is not None
        from_id = item.claim.id
        if item.claim.method is Method.RULE_EXTRACTED:
            accepted = self.decisions.accepted_claims.get(item.claim.id)
            if accepted is None:
                self.decisions.notes.append(f"dropped {item.id}: its claim {item.claim.id} was not accepted as a claim")
                return False
            from_id = accepted["id"]
        target = item.candidate.target
        if target not in self.claims:
            self.decisions.notes.append(f"dropped {item.id}: claim {target} no longer exists")
            return False
        if self.claims[target].method is Method.RULE_EXTRACTED:
            self.decisions.notes.append(f"dropped {item.id}: {target} is a rule-extracted claim of another source; review that source first")
            return False
        kind = kind or item.candidate.stance
        why = rationale or f"Suggested by argmap review and accepted by a reviewer: {item.candidate.reason}."
        self.decisions.relations.append((from_id, kind.value, target, why))
        return True

    def reject(self, item: Item) -> None:
        self.decisions.rejections.append((item.kind, item.id))

    def apply(self) -> tuple[Path, ...]:
        """Write the decisions into the seeds (validated, all files or none); returns the files written."""
        d = self.decisions
        for proposition_id, text in d.new_propositions.items():
            self.edits.add_proposition(proposition_id, text)
        for record in d.accepted_claims.values():
            self.edits.add_claim(self.source_id, record)
        for claim_id, fields in d.claim_updates.items():
            self.edits.update_claim(self.claims[claim_id].source_id, claim_id, fields)
        for relation in d.relations:
            self.edits.add_relation(*relation)
        for kind, item_id in d.rejections:
            self.edits.add_rejection(self.source_id, kind, item_id)
        return self.edits.commit()

    # -- scripted decisions

    def decide(self, accept: Sequence[str], reject: Sequence[str]) -> None:
        """Apply --accept / --reject ids; an id that is not a current item is dropped with a note."""
        by_id = {item.id: item for item in self.items}
        # Claims first, so that links from a candidate accepted in the same command find its new id.
        ordered = sorted(accept, key=lambda i: by_id[i].kind != "claim" if i in by_id else True)
        for item_id in ordered:
            item = by_id.get(item_id)
            if item is None:
                self.decisions.notes.append(self._why_unknown(item_id))
            elif item.kind == "claim":
                self.accept_claim(item)
            elif item.kind == "proposition-link":
                self.accept_proposition_link(item)
            else:
                self.accept_link(item)
        for item_id in reject:
            item = by_id.get(item_id)
            if item is None:
                self.decisions.notes.append(self._why_unknown(item_id))
            else:
                self.reject(item)

    def _why_unknown(self, item_id: str) -> str:
        parts = re.split(r"--(?:supports|contradicts|expresses)--", item_id)
        gone = [p for p in parts if p not in self.claims and p not in self.propositions]
        if len(parts) == 2 and gone:
            return f"dropped {item_id}: {' and '.join(gone)} no longer exists"
        return f"dropped {item_id}: not a current suggestion for {self.source_id} (already decided, or no longer suggested)"


# ---------------------------------------------------------------- the terminal walk


HELP = {
    "claim": "a accept · r reject · e edit statement · 1-{n} link to that proposition · n new proposition · s skip · q save and quit",
    "proposition-link": "a accept · r reject · s skip · q save and quit",
    "link": "a accept · f accept with the stance flipped · r reject · s skip · q save and quit",
}


def _show_claim(claim: Claim, out: TextIO) -> None:
    print(f"  statement: {claim.statement}", file=out)
    print(f"  polarity: {claim.polarity.value}   about: {claim.about}" + (f"   holder: {claim.holder}" if claim.holder else ""), file=out)
    print(f"  quote: “{claim.quote}”", file=out)


def walk(review: Review, read: Callable[[str], str] = input, out: TextIO | None = None) -> bool:
    """Ask about each item in the terminal. Returns True to save (end of items, `q`, or end of
    input); Ctrl-C (KeyboardInterrupt) propagates, and nothing is saved."""
    out = out or sys.stdout
    items = review.items
    if not items:
        print(f"nothing to review for {review.source_id}: no candidate claims or suggestions left", file=out)
        return True
    for number, item in enumerate(items, start=1):
        if item.kind == "link" and item.claim.method is Method.RULE_EXTRACTED and item.claim.id not in review.decisions.accepted_claims:
            continue  # links of a candidate that was not accepted have nothing to start from
        print(file=out)
        _describe(review, item, number, len(items), out)
        while True:
            try:
                answer = read("> ").strip()
            except EOFError:
                print(file=out)
                return True
            outcome = _answer(review, item, answer, read, out)
            if outcome == "quit":
                return True
            if outcome == "done":
                break
            print(f"  ? {HELP[item.kind].format(n=len(item.propositions))}", file=out)
    return True


def _describe(review: Review, item: Item, number: int, total: int, out: TextIO) -> None:
    if item.kind == "claim":
        print(f"[{number}/{total}] candidate claim (rule {item.claim.rule}): {item.id}", file=out)
        _show_claim(item.claim, out)
        if item.propositions:
            print("  propositions it may express:", file=out)
            for n, c in enumerate(item.propositions, start=1):
                verb = "affirms" if c.stance is RelationKind.SUPPORTS else "denies"
                print(f"    {n}) {c.score:.2f} {verb:<8} {c.target}: {review.propositions[c.target].text}", file=out)
    elif item.kind == "proposition-link":
        c = item.candidate
        verb = "affirms" if c.stance is RelationKind.SUPPORTS else "denies"
        print(f"[{number}/{total}] proposition for claim {item.claim.id}", file=out)
        _show_claim(item.claim, out)
        print(f"  suggested: it {verb} {c.target}: {review.propositions[c.target].text}  (score {c.score:.2f})", file=out)
        print(f"  why: {c.reason}", file=out)
    else:
        c = item.candidate
        other = review.claims[c.target]
        source = next(s for s in review.amap.sources if s.id == other.source_id)
        print(f"[{number}/{total}] link: {item.claim.id} {c.stance.value} {c.target} ({source.author.name})  (score {c.score:.2f})", file=out)
        print(f"  this:  [{item.claim.polarity.value}] {item.claim.statement}", file=out)
        print(f"  other: [{other.polarity.value}] {other.statement}", file=out)
        print(f"         “{other.quote}”", file=out)
        print(f"  why: {c.reason}", file=out)
        if c.blocked:  # a reviewer may still accept it; the map would not have drawn it
            print(f"  caution: {c.blocked}", file=out)
    print(f"  {HELP[item.kind].format(n=len(item.propositions))}", file=out)


def _answer(review: Review, item: Item, answer: str, read: Callable[[str], str], out: TextIO) -> str:
    """Apply one answer: "done" (next item), "quit", or "again" (ask again)."""
    key = answer.lower()
    if key == "q":
        return "quit"
    if key == "s":
        return "done"
    if key == "r":
        review.reject(item)
        print("  rejected", file=out)
        return "done"
    if item.kind == "claim":
        if key == "a":
            print(f"  accepted as {review.accept_claim(item)}", file=out)
            return "done"
        if key == "e":
            statement = read("  new statement: ").strip()
            if not statement:
                print("  (empty: statement unchanged)", file=out)
                return "again"
            print(f"  accepted as {review.accept_claim(item, statement=statement)}", file=out)
            return "done"
        if key == "n":
            new_id = review.accept_claim(item, new_proposition=True)
            proposition = review.decisions.accepted_claims[item.id]["proposition"]
            print(f"  accepted as {new_id}, expressing the new proposition {proposition}", file=out)
            return "done"
        if key.isdigit() and 1 <= int(key) <= len(item.propositions):
            chosen = item.propositions[int(key) - 1]
            guess = "a" if chosen.stance is RelationKind.SUPPORTS else "d"
            answer = read(f"  does the claim affirm or deny it? [a/d] (Enter: {guess}) ").strip().lower() or guess
            if answer not in ("a", "d"):
                return "again"
            polarity = Polarity.AFFIRMED if answer == "a" else Polarity.DENIED
            new_id = review.accept_claim(item, proposition=chosen.target, polarity=polarity)
            print(f"  accepted as {new_id}: {polarity.value} {chosen.target}", file=out)
            return "done"
        return "again"
    if item.kind == "proposition-link" and key == "a":
        review.accept_proposition_link(item)
        print("  accepted", file=out)
        return "done"
    if item.kind == "link" and key in ("a", "f"):
        kind = item.candidate.stance
        if key == "f":
            kind = RelationKind.CONTRADICTS if kind is RelationKind.SUPPORTS else RelationKind.SUPPORTS
        rationale = read("  rationale (Enter: the suggestion's reason): ").strip() or None
        if review.accept_link(item, kind=kind, rationale=rationale):
            print(f"  accepted: {kind.value}", file=out)
        else:
            print(f"  {review.decisions.notes[-1]}", file=out)
        return "done"
    return "again"


# ---------------------------------------------------------------- running it


def run(seeds_dir: Path, source_id: str, accept: Sequence[str] = (), reject: Sequence[str] = (), engine: str = DEFAULT_ENGINE,
        top: int = DEFAULT_TOP, min_score: float = DEFAULT_MIN_SCORE, read: Callable[[str], str] = input,
        out: TextIO | None = None, err: TextIO | None = None) -> int:
    """The whole review: 0 when done (written, or nothing to write), 1 on problems, 130 on Ctrl-C.

    With accept/reject ids it decides those and asks nothing; otherwise it walks the items."""
    from .errors import ArgmapError
    from .seedwriter import ChangedOnDisk

    out, err = out or sys.stdout, err or sys.stderr
    try:
        review = Review.open(seeds_dir, source_id, engine=engine, top=top, min_score=min_score)
    except InputError as error:
        print(f"Error: the review did not start; fix these first ({len(error.issues)} problem(s)):", file=err)
        for issue in error.issues:
            print(f"  {issue}", file=err)
        return 1
    try:
        if accept or reject:
            review.decide(accept, reject)
        else:
            counts = {k: sum(1 for i in review.items if i.kind == k) for k in ("claim", "proposition-link", "link")}
            print(f"review {source_id}: {counts['claim']} candidate claim(s), {counts['proposition-link']} proposition link(s), "
                  f"{counts['link']} link suggestion(s). Nothing is written before the end (or q); Ctrl-C writes nothing.", file=out)
            walk(review, read, out)
    except KeyboardInterrupt:
        print("\ninterrupted: nothing was written", file=err)
        return 130
    for note in review.decisions.notes:
        print(f"note: {note}", file=err)
    if not review.decisions.count():
        print("no decisions: nothing to write", file=out)
        return 0
    try:
        written = review.apply()
    except ChangedOnDisk as error:
        print(f"Error: {error}", file=err)
        return 1
    except InputError as error:
        print("Error: these decisions would make the seeds invalid; nothing was written:", file=err)
        for issue in error.issues:
            print(f"  {issue}", file=err)
        return 1
    except KeyboardInterrupt:
        print("\ninterrupted: nothing was written", file=err)
        return 130
    except ArgmapError as error:
        print(f"Error: {error}", file=err)
        return 1
    d = review.decisions
    print(f"accepted {len(d.accepted_claims)} claim(s), {len(d.claim_updates)} proposition link(s), {len(d.relations)} relation(s); "
          f"rejected {len(d.rejections)}; {len(d.new_propositions)} new proposition(s)", file=out)
    for path in written:
        print(f"wrote {path}", file=out)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m argmap.review SOURCE` (the same as `argmap review SOURCE`)."""
    import argparse

    from .suggest import ENGINES

    parser = argparse.ArgumentParser(prog="argmap review", description=__doc__.split("\n")[0])
    parser.add_argument("source", help="the source id to review (see seeds/sources.yaml)")
    parser.add_argument("--seeds", type=Path, default=Path("seeds"))
    parser.add_argument("--accept", nargs="+", default=[], metavar="ID", help="accept these items and ask nothing")
    parser.add_argument("--reject", nargs="+", default=[], metavar="ID", help="reject these items and ask nothing")
    parser.add_argument("--engine", choices=ENGINES, default=DEFAULT_ENGINE)
    parser.add_argument("--top", type=int, default=DEFAULT_TOP)
    args = parser.parse_args(argv)
    return run(args.seeds, args.source, args.accept, args.reject, args.engine, args.top)


if __name__ == "__main__":
    sys.exit(main())
