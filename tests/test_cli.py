"""The command line end to end: outputs, exit codes, help, and nothing lost on failure."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from argmap.cli import main, make_parser

from .conftest import MINI, ROOT


def subcommands() -> list[str]:
    parser = make_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return sorted(action.choices)


@pytest.mark.parametrize(
    "options, counts",
    [
        # The mini corpus has two sentences ("The Kremlin will never return the Habomai.", "Tokyo acts
        # on its own, whatever Moscow thinks.") that rules find and no curated claim covers; the rest
        # of what the rules find is curated.
        ([], "7 claims (2 rule-extracted), 2 relations, 313 triples"),  # 3 triples describe each of the 24 rules; 2 the map itself
        (["--no-extract"], "5 claims (0 rule-extracted), 2 relations, 183 triples"),
    ],
)
def test_build_writes_outputs_and_reports_counts(tmp_path, capsys, options, counts):
    assert main(["build", "--seeds", str(MINI), "--out", str(tmp_path / "out"), *options]) == 0
    out = capsys.readouterr().out
    assert counts in out
    assert (tmp_path / "out" / "argmap.ttl").stat().st_size > 0
    assert (tmp_path / "out" / "argmap.html").stat().st_size > 0
    assert not list((tmp_path / "out").glob("*.tmp")), "temporary files left behind"


def test_build_timings_name_every_stage_and_add_up_to_at_most_the_total(tmp_path, capsys):
    assert main(["build", "--seeds", str(MINI), "--out", str(tmp_path / "out"), "--timings"]) == 0
    lines = capsys.readouterr().out.splitlines()
    line = next(text for text in lines if text.startswith("stage timings (s): "))
    stages = {name: float(seconds) for name, seconds in (item.rsplit(" ", 1) for item in line.removeprefix("stage timings (s): ").split(", "))}
    assert list(stages) == ["load", "extract", "assemble", "suggest index", "suggest", "rdf", "shacl", "turtle", "export jsonld", "stances", "layout",
                            "picture", "html", "export aif", "export graphml", "export argdown", "compare", "write"]
    total = float(re.search(r"triples in ([0-9.]+)s$", next(text for text in lines if "triples in" in text)).group(1))
    # Stages do not overlap: their sum can only fall short of the whole build (rounding aside).
    assert 0 < sum(stages.values()) <= total + 0.005 * len(stages)


def test_check_reports_ok(capsys):
    assert main(["check", "--seeds", str(MINI)]) == 0
    assert capsys.readouterr().out.startswith("ok: 2 sources, 5 claims, 1 propositions, 1 relations")


def test_failed_build_leaves_previous_outputs_untouched(tmp_path, mini_copy, capsys):
    out = tmp_path / "out"
    assert main(["build", "--seeds", str(mini_copy), "--out", str(out)]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")}
    claims = mini_copy / "claims" / "alpha.yaml"
    claims.write_text(claims.read_text(encoding="utf-8").replace("were moderate", "were mild"), encoding="utf-8")
    capsys.readouterr()
    assert main(["build", "--seeds", str(mini_copy), "--out", str(out)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("Error: ") and "claims/alpha.yaml:12: claim alpha-sanctions-moderate: quote not found verbatim" in err[0]
    assert err[-1] == "Error: 1 problem(s) found; nothing was written"
    assert {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")} == before


def test_unwritable_output_folder_is_a_clear_error(tmp_path, capsys):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the output folder should be")
    assert main(["build", "--seeds", str(MINI), "--out", str(blocker / "build")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Error: ") and "cannot create the output folder" in err and "Traceback" not in err


@pytest.mark.parametrize("command", subcommands())
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exited:
        main([command, "--help"])
    assert exited.value.code == 0
    help_text = capsys.readouterr().out
    assert f"usage: argmap {command}" in help_text
    assert len(help_text.split("\n\n")[1].strip()) > 20, "the command needs a description"


def test_usage_error_exits_2(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["build", "--no-such-option"])
    assert exited.value.code == 2


def test_console_script_runs_as_a_new_user_would(tmp_path):
    """The installed `argmap` entry point, in a subprocess: exit codes and streams as a shell sees them."""
    argmap = Path(sys.executable).parent / "argmap"
    ok = subprocess.run([str(argmap), "build", "--seeds", str(MINI), "--out", str(tmp_path)], capture_output=True, text=True, cwd=ROOT)
    assert ok.returncode == 0, ok.stderr
    bad = subprocess.run([str(argmap), "check", "--seeds", str(tmp_path / "missing")], capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 1
    assert bad.stderr.startswith("Error: ") and "seeds folder not found" in bad.stderr


def test_the_cli_choice_lists_are_the_librarys():
    """The CLI keeps light copies of the library's registries (so --help imports nothing heavy)."""
    from argmap import analyze, candidates, cite, cli, diff, evaluate, exports, formatting, pipeline, query, remote, validate

    assert cli.EXPORT_FORMATS == tuple(sorted(exports.EXPORTS))
    assert cli.CANDIDATE_FORMATS == candidates.FORMATS
    assert cli.QUERY_FORMATS == query.FORMATS
    assert cli.REPORT_FORMATS == pipeline.REPORT_FORMATS
    assert cli.AGREE_FORMATS == formatting.AGREE_FORMATS
    assert cli.STANCE_FORMATS == formatting.STANCE_FORMATS
    assert cli.DIFF_FORMATS == diff.DIFF_FORMATS
    assert cli.CITE_FORMATS == cite.CITE_FORMATS
    assert cli.GROUNDED_LABELS == tuple(label.value for label in analyze.Label)
    assert cli.HELD_OUT == evaluate.HELD_OUT
    assert cli.SHACL_DEFAULT_LIMIT == validate.SHACL_DEFAULT_LIMIT
    assert cli.DEFAULT_GRAPH_IRI == remote.DEFAULT_GRAPH_IRI
    assert cli.CHUNK_MB * 1_000_000 == remote.CHUNK_BYTES
    from argmap import suggest

    assert cli.SUGGEST_FORMATS == suggest.FORMATS
    assert cli.SUGGEST_ENGINES == suggest.ENGINES


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["build", "--help"], ["query", "--help"]])
def test_help_and_version_import_no_heavy_library(argv):
    """`argmap --help` must answer at once: spaCy, rdflib, pyoxigraph, matplotlib, networkx and pydantic models
    are imported by the commands that use them, not by the parser."""
    probe = ("import sys\nfrom argmap.cli import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
             "heavy = sorted({'spacy', 'rdflib', 'pyoxigraph', 'matplotlib', 'networkx', 'pydantic', 'numpy'} & set(sys.modules))\n"
             "print('HEAVY', heavy, file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", probe, *argv], capture_output=True, text=True, cwd=ROOT)
    assert "HEAVY []" in done.stderr, done.stderr
