"""Every manifest of the `bad-inputs/manifests` corpus through the real command line.

`tests/manifest/test_bad_inputs.py` checks the ManifestError each case raises. Here
`patchkit apply CASE` must turn it into exit code 2 and an `error:` message, with no
traceback and no change to the repository it was pointed at.
"""

from __future__ import annotations

import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.safety.conftest import UserFork
from tests.safety.harness import run_patchkit, saved_state, take_snapshot

CORPUS = Path(__file__).resolve().parents[1] / "bad-inputs" / "manifests"
# Processes run side by side so the whole corpus takes seconds, not a minute.
PARALLEL_PROCESSES = 8


def test_bad_manifests_exit_2(user_fork: UserFork) -> None:
    cases = sorted(CORPUS.glob("*.yaml"))
    start = take_snapshot(user_fork.path)

    def run(case: Path) -> subprocess.CompletedProcess[str]:
        return run_patchkit("apply", str(case), "--repo", str(user_fork.path), "--no-build")

    with ThreadPoolExecutor(max_workers=PARALLEL_PROCESSES) as pool:
        results = dict(zip(cases, pool.map(run, cases)))

    assert len(results) >= 35
    for case, result in results.items():
        assert "Traceback" not in result.stderr, case.name
        assert result.returncode == 2, (case.name, result.stderr)
        assert result.stderr.startswith(f"error: {case}"), (case.name, result.stderr)
    assert saved_state(user_fork.path) is None
    assert take_snapshot(user_fork.path) == start
