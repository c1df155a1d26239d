"""patchkit: refresh a fork of a Java/Maven project with upstream fixes."""

__version__ = "0.1.0"
