"""Read Maven's console output line by line: the current module, compiler errors, failed tests.

The formats are those of Maven 3.8 with maven-compiler-plugin 3.x and
maven-surefire-plugin 3.x in batch mode (`-B`). ANSI colour codes are removed
first, in case a flag turns colour back on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_ERRORS = 20

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# "[INFO] Building calc-core 1.0-SNAPSHOT    [2/3]". The jar plugin's
# "[INFO] Building jar: /path/x.jar" has a colon after its first word and is skipped.
_BUILDING = re.compile(r"^\[INFO\] Building (?P<name>[^:\s][^:]*?) (?P<version>\S+)(?:\s+\[\d+/\d+\])?\s*$")
# "[INFO] --- maven-compiler-plugin:3.13.0:compile (default-compile) @ calc-core ---"
_MOJO = re.compile(r"^\[INFO\] --- .+ @ (?P<artifact>\S+) ---\s*$")
# "[ERROR] /abs/path/File.java:[12,5] cannot find symbol"
_COMPILER_ERROR = re.compile(
    r"^\[ERROR\] (?P<path>\S.*?\.java):\[(?P<line>\d+)(?:,(?P<column>\d+))?\] (?P<message>.*)$")
# javac's detail lines under an error: "  symbol:   variable x", "[ERROR]   location: class C"
_ERROR_DETAIL = re.compile(r"^(?:\[ERROR\])?\s{2,}(?P<detail>(?:symbol|location|required|found|reason):.*)$")
# Surefire's summary: "[ERROR] Failures: " or "[ERROR] Errors: ", then one
# "[ERROR]   CalcTest.fails:15 expected:<6> but was:<5>" line per test.
_TEST_SECTION = re.compile(r"^\[ERROR\] (?:Failures|Errors):\s*$")
_FAILED_TEST = re.compile(r"^\[ERROR\]   (?P<name>[^\s:]+?)(?::\d+)?(?:\s.*)?$")
_RERUN = re.compile(r"^\[ERROR\]\s+Run \d+:")
_GOAL_FAILED = re.compile(r"^\[ERROR\] (?P<text>Failed to execute goal .*)$")


@dataclass(frozen=True)
class RawCompilerError:
    """A compiler error as Maven printed it, with the absolute path of the source file."""

    path: str
    line: int
    column: int | None
    message: str


@dataclass
class MavenLogParser:
    """Collector of the current module, compiler errors and failed tests in a build's output, fed line by line."""

    module: str | None = None
    errors: list[RawCompilerError] = field(default_factory=list)
    failed_tests: list[str] = field(default_factory=list)
    goal_failure: str | None = None
    first_error: str | None = None
    _seen_errors: set[tuple[str, int, int | None, str]] = field(default_factory=set)
    _open_error: RawCompilerError | None = None
    _details: list[str] = field(default_factory=list)
    _in_test_section: bool = False

    def feed(self, line: str) -> None:
        line = _ANSI.sub("", line)
        if self._continue_error(line):
            return
        self._close_error()
        self._read_module(line)
        self._read_tests(line)
        self._read_error(line)
        goal = _GOAL_FAILED.match(line)
        if goal and self.goal_failure is None:
            self.goal_failure = goal.group("text")
        if self.first_error is None and line.startswith("[ERROR] ") and line[8:].strip():
            # Errors before any goal runs (an unknown phase, a bad POM) have no goal line.
            self.first_error = line[8:].strip()

    def finish(self) -> None:
        """Record an error whose detail lines ended the output."""
        self._close_error()

    def _read_module(self, line: str) -> None:
        building = _BUILDING.match(line)
        if building:
            self.module = building.group("name")
            return
        mojo = _MOJO.match(line)
        if mojo:
            self.module = mojo.group("artifact")

    def _read_tests(self, line: str) -> None:
        if _TEST_SECTION.match(line):
            self._in_test_section = True
            return
        if not self._in_test_section:
            return
        if _RERUN.match(line):
            return
        test = _FAILED_TEST.match(line)
        if test is None:
            self._in_test_section = False
            return
        if test.group("name") not in self.failed_tests:
            self.failed_tests.append(test.group("name"))

    def _read_error(self, line: str) -> None:
        match = _COMPILER_ERROR.match(line)
        if match is None:
            return
        column = match.group("column")
        self._open_error = RawCompilerError(
            path=match.group("path"),
            line=int(match.group("line")),
            column=int(column) if column is not None else None,
            message=match.group("message").strip())

    def _continue_error(self, line: str) -> bool:
        if self._open_error is None:
            return False
        detail = _ERROR_DETAIL.match(line)
        if detail is None:
            return False
        self._details.append(" ".join(detail.group("detail").split()))
        return True

    def _close_error(self) -> None:
        error = self._open_error
        if error is None:
            return
        self._open_error = None
        details, self._details = self._details, []
        # Maven prints each error twice: in the compiler's block and again in
        # the "Failed to execute goal" summary.
        key = (error.path, error.line, error.column, error.message)
        if key in self._seen_errors or len(self.errors) >= MAX_ERRORS:
            return
        self._seen_errors.add(key)
        if details:
            error = RawCompilerError(error.path, error.line, error.column,
                                     f"{error.message} ({'; '.join(details)})")
        self.errors.append(error)
