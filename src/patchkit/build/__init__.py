"""Build verification: run Maven on a commit's tree and report what broke."""

from patchkit.build.maven import BuildProgress, maven_command, run_build
from patchkit.build.modules import touched_modules

__all__ = ["BuildProgress", "maven_command", "run_build", "touched_modules"]
