"""`patchkit merge-file BASE OURS THEIRS`: the Java-aware merge of one file."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from patchkit import output
from patchkit.commands.mergeio import manifest_rules, read_version
from patchkit.javamerge import MergeLabels, merge_java_file
from patchkit.textcodec import encode_text


@click.command(name="merge-file")
@click.argument("base", type=click.Path(path_type=Path))
@click.argument("ours", type=click.Path(path_type=Path))
@click.argument("theirs", type=click.Path(path_type=Path))
@click.option("--manifest", type=click.Path(path_type=Path), help="Take merge rules from this manifest.")
@click.option("--path", "repo_path", help="The file's path in the repository, matched against the rules' `paths`.")
@click.option("-o", "--output", "output_path", type=click.Path(path_type=Path), help="Write the result here instead of stdout.")
def command(base: Path, ours: Path, theirs: Path, manifest: Path | None, repo_path: str | None, output_path: Path | None) -> None:
    """Merge THEIRS into OURS from their common BASE; exit 1 when conflict markers remain."""
    rules = manifest_rules(manifest)
    texts = [read_version(path, role) for path, role in ((base, "base"), (ours, "ours"), (theirs, "theirs"))]
    merged = merge_java_file(*texts, path=repo_path or str(ours), rules=rules,
                             labels=MergeLabels(ours=str(ours), theirs=str(theirs)))
    data = encode_text(merged.text)
    if output_path is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        output_path.write_bytes(data)
    if merged.fallback_reason:
        output.info(f"{repo_path or ours}: {merged.fallback_reason}")
    for conflict in merged.conflicts:
        output.info(f"{conflict.member}: {conflict.resolution.value}. {conflict.reason}")
    sys.exit(0 if merged.clean else 1)
