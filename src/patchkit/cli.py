"""The `patchkit` command line: parses arguments, calls the core, shows results.

Exit codes: 0 done, 1 stopped for a human, 2 bad input, 3 build failed,
70 a bug in patchkit (traceback in a log file), 130 interrupted.
"""

from __future__ import annotations

import json
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Any

import click

from patchkit import output
from patchkit.errors import EXIT_BAD_INPUT, EXIT_BUG, EXIT_INTERRUPTED, PatchkitError
from patchkit.records import record_to_dict
from patchkit.runner import RunResult

_REPO_OPTION = click.option(
    "--repo", "repo", type=click.Path(path_type=Path), default=Path("."), show_default=True,
    help="The fork's repository (any folder inside its work tree).",
)
_JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Print one JSON document on stdout and nothing else there.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Log every git and Maven step.")
@click.version_option(package_name="patchkit")
def cli(verbose: bool) -> None:
    """Refresh a fork of a Java/Maven project with upstream fixes from one manifest."""
    output.setup_logging(verbose)


def result_document(result: RunResult) -> dict[str, Any]:
    return {
        "exit_code": result.exit_code,
        "message": result.message,
        "reports": {"markdown": result.report_paths[0], "json": result.report_paths[1]} if result.report_paths else None,
        "run": record_to_dict(result.record) if result.record is not None else None,
    }


def finish(result: RunResult, as_json: bool) -> None:
    """Show a command's result and exit with its code."""
    if as_json:
        click.echo(json.dumps(result_document(result), indent=2, ensure_ascii=False))
    else:
        if result.record is not None:
            output.show_record(result.record, result.report_paths)
        output.info(result.message)
    sys.exit(result.exit_code)


@cli.command()
@click.argument("manifest", type=click.Path(path_type=Path))
@_REPO_OPTION
@click.option("--no-build", is_flag=True, help="Skip the Maven build; the report records that it was skipped.")
@click.option("--keep-worktree", is_flag=True, help="Keep the folder the build ran in.")
@_JSON_OPTION
def apply(manifest: Path, repo: Path, no_build: bool, keep_worktree: bool, as_json: bool) -> None:
    """Cherry-pick the manifest's patches onto a new work branch, build and report."""
    from patchkit import runner

    with output.build_progress(not as_json) as progress:
        result = runner.apply(manifest, repo, no_build=no_build, keep_worktree=keep_worktree, progress=progress)
    finish(result, as_json)


@cli.command(name="continue")
@_REPO_OPTION
@_JSON_OPTION
def continue_(repo: Path, as_json: bool) -> None:
    """Resume after the conflicts are resolved and staged (or after an interruption)."""
    from patchkit import runner

    with output.build_progress(not as_json) as progress:
        result = runner.continue_run(repo, progress=progress)
    finish(result, as_json)


@cli.command()
@_REPO_OPTION
@_JSON_OPTION
def skip(repo: Path, as_json: bool) -> None:
    """Drop the patch the run stopped at and go on with the rest."""
    from patchkit import runner

    with output.build_progress(not as_json) as progress:
        result = runner.skip_patch(repo, progress=progress)
    finish(result, as_json)


@cli.command()
@_REPO_OPTION
@click.option("--force", is_flag=True, help="Discard changes made outside the stopped patch's files too.")
@_JSON_OPTION
def abort(repo: Path, force: bool, as_json: bool) -> None:
    """Restore the branch, index and work tree as they were before the run."""
    from patchkit import runner

    finish(runner.abort_run(repo, force=force), as_json)


@cli.command()
@_REPO_OPTION
@_JSON_OPTION
def status(repo: Path, as_json: bool) -> None:
    """Show the phase and patches of an interrupted or stopped run."""
    from patchkit import runner
    from patchkit.records import to_plain

    state = runner.run_status(repo)
    if as_json:
        click.echo(json.dumps({"in_progress": state is not None, "state": to_plain(state) if state else None}, indent=2, ensure_ascii=False))
        return
    output.show_state(state)


def main() -> None:
    """Run the CLI, turning patchkit's errors into messages and exit codes."""
    try:
        cli.main(standalone_mode=False)
    except PatchkitError as error:
        _fail(str(error), error.exit_code)
    except OSError as error:
        # Permissions, a full disk or a missing folder: the environment, not a bug.
        where = f" {error.filename}" if error.filename else ""
        _fail(f"Could not read or write{where}: {error.strerror or error}.", EXIT_BAD_INPUT)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code if error.exit_code else EXIT_BAD_INPUT)
    except (KeyboardInterrupt, click.exceptions.Abort):
        # click turns Ctrl-C into Abort; both mean the user interrupted.
        output.error(
            "Interrupted. The run's state is saved: `patchkit status` shows where it stands, "
            "`patchkit continue` resumes it and `patchkit abort` restores the repository."
        )
        sys.exit(EXIT_INTERRUPTED)
    except SystemExit:
        raise
    except Exception:  # noqa: BLE001 - any other exception is a bug; keep its traceback for the report
        _report_bug()


def _fail(message: str, code: int) -> None:
    """Show an error and exit; with --json, stdout also gets one JSON document with the error."""
    if "--json" in sys.argv[1:]:
        click.echo(json.dumps({"exit_code": code, "error": message}, ensure_ascii=False))
    output.error(message)
    sys.exit(code)


# Commands that change the repository, and so may leave a run's state to resume or abort.
_RUN_COMMANDS = {"apply", "continue", "skip", "abort"}


def _state_after_bug() -> str:
    """Return what a crash left in the repository, from the command on the command line."""
    words = [argument for argument in sys.argv[1:] if not argument.startswith("-")]
    if words and words[0] in _RUN_COMMANDS:
        return "Your repository state is saved: see `patchkit status`."
    return "This command keeps no run state, so there is nothing to resume or abort."


def _report_bug() -> None:
    with tempfile.NamedTemporaryFile("w", prefix="patchkit-crash-", suffix=".log", delete=False) as stream:
        traceback.print_exc(file=stream)
    kind, value, _ = sys.exc_info()
    name = kind.__name__ if kind else "error"
    output.error(
        f"patchkit hit a bug ({name}: {value}). The traceback is in {stream.name}; "
        f"please report it with that file. {_state_after_bug()}"
    )
    sys.exit(EXIT_BUG)


from patchkit import commands as _commands  # noqa: E402  (registers the remaining commands)

_commands.register(cli)
