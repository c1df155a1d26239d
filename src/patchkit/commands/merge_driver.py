"""`patchkit merge-driver`: the Java-aware merge as a git merge driver.

Configure it with:
    git config merge.patchkit.driver "/path/to/.venv/bin/patchkit merge-driver %O %A %B %P"
    echo "*.java merge=patchkit" >> .gitattributes
git then calls it for every conflicting Java file of `git merge` and `git cherry-pick`,
and reads the result from the %A file.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from patchkit import output
from patchkit.commands.mergeio import manifest_rules, read_version
from patchkit.errors import PatchkitError
from patchkit.javamerge import MergeLabels, merge_java_file
from patchkit.textcodec import encode_text


@click.command(name="merge-driver")
@click.argument("base", type=click.Path(path_type=Path))
@click.argument("current", type=click.Path(path_type=Path))
@click.argument("other", type=click.Path(path_type=Path))
@click.argument("repo_path", required=False)
@click.option("--manifest", type=click.Path(path_type=Path), envvar="PATCHKIT_MANIFEST",
              help="Take merge rules from this manifest (or from $PATCHKIT_MANIFEST).")
def command(base: Path, current: Path, other: Path, repo_path: str | None, manifest: Path | None) -> None:
    """Merge OTHER into CURRENT (git's %O %A %B %P); the result replaces CURRENT."""
    try:
        rules = manifest_rules(manifest)
    except PatchkitError as error:
        # A driver that exits without writing leaves the fork's version with no markers,
        # so merge without the rules and report the problem.
        output.error(f"patchkit merge-driver: {error} Merging {repo_path or current} without the manifest's rules.")
        rules = ()
    texts = [read_version(path, role) for path, role in ((base, "base"), (current, "current"), (other, "other"))]
    merged = merge_java_file(*texts, path=repo_path or str(current), rules=rules,
                             labels=MergeLabels(ours="ours", theirs="theirs"))
    current.write_bytes(encode_text(merged.text))
    for conflict in merged.conflicts:
        output.info(f"patchkit: {repo_path or current} {conflict.member}: {conflict.resolution.value}")
    sys.exit(0 if merged.clean else 1)
