from __future__ import annotations

from patchkit.build.log_parse import MAX_ERRORS, MavenLogParser, RawCompilerError

CALC = "/w/core/src/main/java/example/calc/Calc.java"


def _parse(lines: list[str]) -> MavenLogParser:
    parser = MavenLogParser()
    for line in lines:
        parser.feed(line)
    parser.finish()
    return parser


def test_parser_module_from_building_line() -> None:
    parser = _parse(["[INFO] Building Druid Kubernetes Overlord 30.0.0    [12/40]"])
    assert parser.module == "Druid Kubernetes Overlord"


def test_parser_module_from_mojo_line() -> None:
    parser = _parse([
        "[INFO] Building calc-core 1.0-SNAPSHOT                                    [2/3]",
        "[INFO] --- maven-compiler-plugin:3.13.0:compile (default-compile) @ kubernetes-overlord-extensions ---",
    ])
    assert parser.module == "kubernetes-overlord-extensions"


def test_parser_ignores_building_jar() -> None:
    parser = _parse([
        "[INFO] Building calc-core 1.0-SNAPSHOT",
        "[INFO] Building jar: /w/core/target/calc-core-1.0-SNAPSHOT.jar",
    ])
    assert parser.module == "calc-core"


def test_parser_strips_colour() -> None:
    parser = _parse(["\x1b[1;34m[INFO] \x1b[0mBuilding calc-app 1.0"])
    assert parser.module == "calc-app"


def test_parser_error_with_details_once() -> None:
    block = [
        f"[ERROR] {CALC}:[8,20] cannot find symbol",
        "  symbol:   variable missing",
        "  location: class example.calc.Calc",
        "[INFO] 1 error",
    ]
    summary = [
        "[ERROR] Failed to execute goal org.apache.maven.plugins:maven-compiler-plugin:3.13.0:compile",
        f"[ERROR] {CALC}:[8,20] cannot find symbol",
        "[ERROR]   symbol:   variable missing",
        "[ERROR]   location: class example.calc.Calc",
        "[ERROR] -> [Help 1]",
    ]
    parser = _parse(block + summary)
    expected = RawCompilerError(
        CALC, 8, 20, "cannot find symbol (symbol: variable missing; location: class example.calc.Calc)")
    assert parser.errors == [expected]
    assert parser.goal_failure is not None
    assert parser.goal_failure.startswith("Failed to execute goal")


def test_parser_error_at_end_of_output() -> None:
    parser = _parse([f"[ERROR] {CALC}:[3,1] class, interface, enum, or record expected"])
    assert parser.errors == [RawCompilerError(CALC, 3, 1, "class, interface, enum, or record expected")]


def test_parser_error_without_column() -> None:
    parser = _parse([f"[ERROR] {CALC}:[8] unreachable statement"])
    assert parser.errors == [RawCompilerError(CALC, 8, None, "unreachable statement")]


def test_parser_ignores_warnings() -> None:
    parser = _parse([f"[WARNING] {CALC}:[8,20] deprecated API"])
    assert parser.errors == []


def test_parser_caps_errors() -> None:
    lines = [f"[ERROR] {CALC}:[{n},1] error {n}" for n in range(1, MAX_ERRORS + 10)]
    parser = _parse(lines)
    assert len(parser.errors) == MAX_ERRORS
    assert parser.errors[0].line == 1


def test_parser_failed_tests() -> None:
    parser = _parse([
        "[ERROR] Tests run: 3, Failures: 1, Errors: 1, Skipped: 0, Time elapsed: 0.08 s <<< FAILURE! -- in a.CalcTest",
        "[ERROR] Failures: ",
        "[ERROR]   CalcTest.failsOnPurpose:15 expected:<6> but was:<5>",
        "[ERROR]   CalcTest.flaky",
        "[ERROR]     Run 1: CalcTest.flaky:30 expected:<1> but was:<2>",
        "[ERROR]     Run 2: CalcTest.flaky:30 expected:<1> but was:<2>",
        "[ERROR] Errors: ",
        "[ERROR]   CalcTest.throwsOnPurpose:20 IllegalState boom",
        "[ERROR]   ParamTest.adds[1]:12 expected:<1> but was:<0>",
        "[INFO] ",
        "[ERROR] Tests run: 3, Failures: 1, Errors: 1, Skipped: 0",
        "[ERROR]   mvn <args> -rf :calc-core",
    ])
    assert parser.failed_tests == [
        "CalcTest.failsOnPurpose", "CalcTest.flaky", "CalcTest.throwsOnPurpose", "ParamTest.adds[1]"]
