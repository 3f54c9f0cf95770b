"""argmap's errors: one base class, one subclass per stage, and Issue for collected findings.

The library raises these and never exits; only the CLI turns them into `Error: …` and an exit code.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Issue:
    """One problem found in the input, located precisely enough to fix it."""

    where: str  # "path:line", or just "path" when no line applies
    subject: str  # "claim <id>", "relation a -> b", "source <id>", or "" for a whole file
    message: str
    hint: str = ""
    code: str = ""  # a stable short name of the kind of problem, for tests and tooling

    def __str__(self) -> str:
        parts = [self.where]
        if self.subject:
            parts.append(self.subject)
        text = ": ".join(parts) + ": " + self.message
        return f"{text}; {self.hint}" if self.hint else text


class ArgmapError(Exception):
    """Base of every error argmap raises on purpose."""


class InputError(ArgmapError):
    """The seeds (or another input) are invalid; carries every problem found, not just the first."""

    def __init__(self, issues: list[Issue]):
        self.issues = sorted(issues, key=_issue_order)
        super().__init__("\n".join(str(i) for i in self.issues))


class OutputError(ArgmapError):
    """An output could not be written; previous outputs are left as they were."""


def _issue_order(issue: Issue) -> tuple:
    path, _, line = issue.where.rpartition(":")
    if path and line.isdigit():
        return (path, int(line), issue.subject, issue.message)
    return (issue.where, 0, issue.subject, issue.message)


class ShaclError(ArgmapError):
    """The built graph breaks the am: contract; carries every finding (a validate.ShaclReport)."""

    def __init__(self, report, where: str = "the built graph"):
        self.report = report
        self.where = where
        super().__init__(f"{where}: {len(report.findings)} SHACL violation(s)")


class RemoteError(ArgmapError):
    """A remote SPARQL endpoint refused or failed a request; the remote graph is left as it was."""
