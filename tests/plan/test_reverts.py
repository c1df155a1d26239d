from __future__ import annotations

from pathlib import Path

from patchkit.model import Decision, Manifest, PatchSpec
from patchkit.reverts import find_reverts, revert_commits, revert_warning
from tests.plan.repos import LinearRepo


def _manifest(*specs: PatchSpec) -> Manifest:
    return Manifest("m.yaml", "test", "upstream", "fork", "work", tuple(specs))


def test_reverts_by_id_line(tmp_path: Path) -> None:
    history = LinearRepo(tmp_path)
    history.commit("Start", {"a.txt": "1\n"})
    fix = history.commit("Fix the reader", {"a.txt": "2\n"})
    revert = history.commit(f"Undo the reader fix\n\nThis reverts commit {str(fix.id)[:12]}.\n", {"a.txt": "1\n"})
    found = revert_commits(history.repo, revert, {"fix": fix})
    assert found["fix"].id == revert.id


def test_reverts_by_subject(tmp_path: Path) -> None:
    history = LinearRepo(tmp_path)
    history.commit("Start", {"a.txt": "1\n"})
    fix = history.commit("Fix the reader", {"a.txt": "2\n"})
    revert = history.commit('Revert "Fix the reader"', {"a.txt": "1\n"})
    assert revert_commits(history.repo, revert, {"fix": fix})["fix"].id == revert.id


def test_reverts_by_pr_number(tmp_path: Path) -> None:
    history = LinearRepo(tmp_path)
    history.commit("Start", {"a.txt": "1\n"})
    fix = history.commit("Fix the reader (#120)", {"a.txt": "2\n"})
    history.commit("Revert #1200 because it broke the writer (#1300)", {"b.txt": "x\n"})
    revert = history.commit("Revert #120: it broke the writer (#130)", {"a.txt": "1\n"})
    assert revert_commits(history.repo, revert, {"fix": fix})["fix"].id == revert.id


def test_reverts_ignore_earlier_commit(tmp_path: Path) -> None:
    history = LinearRepo(tmp_path)
    history.commit("Start", {"a.txt": "1\n"})
    history.commit('Revert "Fix the reader"', {"a.txt": "0\n"})
    fix = history.commit("Fix the reader", {"a.txt": "2\n"})
    tip = history.commit("Unrelated", {"b.txt": "x\n"})
    assert revert_commits(history.repo, tip, {"fix": fix}) == {}


def test_reverts_relanded_change(tmp_path: Path) -> None:
    history = LinearRepo(tmp_path)
    history.commit("Start", {"a.txt": "1\n"})
    fix = history.commit("Fix the reader (#120)", {"a.txt": "2\n"})
    revert = history.commit('Revert "Fix the reader (#120)" (#130)', {"a.txt": "1\n"})
    reland = history.commit(f'Revert "Revert "Fix the reader (#120)" (#130)"\n\nThis reverts commit {revert.id}.\n',
                            {"a.txt": "2\n"})
    assert revert_commits(history.repo, reland, {"fix": fix}) == {}
    assert revert_commits(history.repo, revert, {"fix": fix})["fix"].id == revert.id


def test_reverts_manifest_acknowledgement(tmp_path: Path) -> None:
    history = LinearRepo(tmp_path)
    history.commit("Start", {"a.txt": "1\n"})
    fix = history.commit("Fix the reader (#120)", {"a.txt": "2\n"})
    other = history.commit("Fix the writer (#121)", {"b.txt": "2\n"})
    history.commit('Revert "Fix the reader (#120)" (#130)', {"a.txt": "1\n"})
    tip = history.commit('Revert "Fix the writer (#121)" (#131)', {"b.txt": "1\n"})
    manifest = _manifest(
        PatchSpec("reader", Decision.APPLY, pr=120, priority=1, acknowledge_revert=True),
        PatchSpec("writer", Decision.APPLY, pr=121, priority=2),
    )
    found = find_reverts(history.repo, tip, {"reader": fix, "writer": other}, manifest)
    assert found["reader"].acknowledged
    assert found["reader"].pr == 130
    assert not found["writer"].acknowledged
    assert found["writer"].subject == 'Revert "Fix the writer (#121)" (#131)'


def test_revert_warning_text(tmp_path: Path) -> None:
    history = LinearRepo(tmp_path)
    history.commit("Start", {"a.txt": "1\n"})
    fix = history.commit("Fix the reader", {"a.txt": "2\n"})
    tip = history.commit('Revert "Fix the reader"', {"a.txt": "1\n"})
    [info] = find_reverts(history.repo, tip, {"fix": fix}, _manifest()).values()
    text = revert_warning("fix", info)
    assert text.startswith(f"fix was reverted upstream by {str(tip.id)[:10]}")
    assert "acknowledge_revert: true" in text
