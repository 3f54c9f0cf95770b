"""The reader's commands from the command line: stances, agree --format json, --since/--until, diff, build's
summary line, and the one-line errors (with a hint) for bad dates, foreign graphs and unknown names."""

from __future__ import annotations

import json
import shutil

import pytest
from argmap.cli import main

from .conftest import MINI


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit_info:  # argparse's usage errors
        code = exit_info.code
    out, err = capsys.readouterr()
    return code, out, err


def test_stances_in_every_format(capsys):
    code, out, _ = run(capsys, "stances", "--seeds", str(MINI), "--no-extract", "--format", "json")
    assert code == 0
    clash, shared = json.loads(out)  # the disputed sanctions claim, then the proposition both report
    assert (clash["proposition"], clash["text"]) == (None, "Japanese sanctions on Russia were moderate and symbolic")
    assert {name: cell["stance"] for name, cell in clash["cells"].items()} == {"Ann Alpha": "affirms", "Beta Weekly": "denies"}
    assert shared["proposition"] == "russia-sees-japan-not-independent"
    assert {name: cell["stance"] for name, cell in shared["cells"].items()} == {"Ann Alpha": "reports", "Beta Weekly": "reports"}
    for fmt, start in (("table", "question"), ("csv", "topic,proposition,text,author"), ("md", "| question |")):
        code, out, _ = run(capsys, "stances", "--seeds", str(MINI), "--no-extract", "--format", fmt)
        assert code == 0 and out.startswith(start), fmt


def test_agree_json_gives_n_index_and_interval_per_pair(capsys):
    code, out, _ = run(capsys, "agree", "--seeds", str(MINI), "--no-extract", "--format", "json")
    assert code == 0
    (pair,) = json.loads(out)["pairs"]
    assert {k: pair[k] for k in ("supports", "contradicts", "n", "agreement_index", "shrunken_index")} == {
        "supports": 1, "contradicts": 1, "n": 2, "agreement_index": 0.0, "shrunken_index": 0.0}
    assert pair["interval"] == pytest.approx([-0.811401, 0.811401], abs=1e-6)
    assert {p["kind"] for p in pair["points"]} == {"supports", "contradicts"}


def test_since_and_until_cut_the_sources_and_say_what_they_leave_out(capsys):
    # alpha is dated 2017-04-03, beta only "2016".
    code, out, err = run(capsys, "claims", "--seeds", str(MINI), "--no-extract", "--contested", "--since", "2017", "--format", "json")
    assert (code, json.loads(out), err) == (0, [], "")  # beta's side of the clash is outside the window
    code, out, err = run(capsys, "agree", "--seeds", str(MINI), "--no-extract", "--since", "2016-06", "--format", "csv")
    assert code == 0 and out.splitlines()[1:] == []
    assert err == "Note: left out 1 source(s) whose date is not certainly since 2016-06: beta (2016)\n"
    code, out, _ = run(capsys, "stances", "--seeds", str(MINI), "--no-extract", "--until", "2017-12", "--format", "json")
    assert code == 0 and len(json.loads(out)) == 2  # all of 2016 and 2017 up to December: both sources


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["agree", "--since", "yesterday"], "argument --since: 'yesterday' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"),
        (["stances", "--until", "2016-02-30"], "argument --until: '2016-02-30' is not a date on the calendar"),
        (["claims", "--contested", "--since", "2017", "--until", "2016"], "--since 2017 is after --until 2016"),
        (["report", "--since", "2016-13"], "argument --since: '2016-13' is not a date on the calendar"),
    ],
)
def test_a_bad_date_is_one_clear_line_and_exit_2(capsys, argv, message):
    code, out, err = run(capsys, *argv, "--seeds", str(MINI))
    assert code == 2 and out == ""
    assert message in err
    assert len([line for line in err.splitlines() if line.startswith(("Error", "argmap"))]) == 1


def test_build_says_what_changed_since_the_build_it_replaces(tmp_path, capsys):
    seeds = tmp_path / "seeds"
    shutil.copytree(MINI, seeds)
    out = tmp_path / "build"
    code, first, _ = run(capsys, "build", "--seeds", str(seeds), "--out", str(out), "--no-extract")
    assert code == 0 and first.splitlines()[-1] == "since the last build: first build in this folder"
    relations = seeds / "relations.yaml"
    relations.write_text(relations.read_text(encoding="utf-8").replace("type: contradicts", "type: supports"), encoding="utf-8")
    code, second, _ = run(capsys, "build", "--seeds", str(seeds), "--out", str(out), "--no-extract")
    assert second.splitlines()[-1] == ("since the last build: +1 −1 relations, −2 stance cells, agreement changed for 1 author pair")
    code, third, _ = run(capsys, "build", "--seeds", str(seeds), "--out", str(out), "--no-extract")
    assert third.splitlines()[-1] == "since the last build: no change in claims, relations, stances or agreement"


def test_diff_of_two_build_folders_and_its_errors(tmp_path, capsys, mini_build):
    code, out, _ = run(capsys, "diff", str(mini_build), str(mini_build / "argmap.ttl"), "--format", "json")
    assert code == 0 and json.loads(out)["summary"] == "no change in claims, relations, stances or agreement"
    foreign = tmp_path / "foreign.ttl"
    foreign.write_text("<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n", encoding="utf-8")
    code, out, err = run(capsys, "diff", str(foreign), str(mini_build))
    assert code == 1 and out == ""
    assert err == f"Error: {foreign}: not an argmap graph (no am:Claim in it); give a build folder or the argmap.ttl of one\n"
    code, _, err = run(capsys, "diff", str(tmp_path / "missing"), str(mini_build))
    assert code == 1 and "no such file or folder" in err and len(err.splitlines()) == 1


@pytest.mark.parametrize(
    ("param", "hint"),
    [
        ("author=Ann alpha", "did you mean 'Ann Alpha'?"),  # a wrong capital
        ("author=Beta Weekley", "did you mean 'Beta Weekly'?"),
        ("author=Nobody", "`argmap query authors` lists them"),
    ],
)
def test_an_unknown_author_in_a_query_parameter_is_refused_with_a_hint(capsys, mini_build, param, hint):
    code, out, err = run(capsys, "query", "claims-by-author", "--graph", str(mini_build / "argmap.ttl"), "--param", param)
    assert code == 1 and out == ""
    assert err.startswith(f"Error: --param {param}: no author in the graph is called that; ") and hint in err
    assert len(err.splitlines()) == 1


def test_an_unknown_claim_id_is_refused_and_a_known_one_runs(capsys, mini_build):
    graph = str(mini_build / "argmap.ttl")
    code, _, err = run(capsys, "query", "evidence", "--graph", graph, "--param", "claim_id=alpha-trade-grow")
    assert code == 1 and "did you mean 'alpha-trade-grows'?" in err
    code, _, err = run(capsys, "query", "evidence", "--graph", graph, "--param", "claim_id=not an id")
    assert code == 1 and "no claim in the graph is called that" in err
    code, out, _ = run(capsys, "query", "evidence", "--graph", graph, "--param", "claim_id=alpha-trade-grows")
    assert code == 0 and out.rstrip().splitlines()[-1] in ("(1 row)", "(2 rows)")
