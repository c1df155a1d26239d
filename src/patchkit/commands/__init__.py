"""Subcommands beyond the sequencer's, one module each; `register` adds them to the CLI."""

from __future__ import annotations

import importlib

import click

# Each module defines a click command (or group) named `command`.
_MODULES = ("merge_file", "merge_driver", "report", "verify", "demo", "resolutions", "evaluate", "plan", "survey")


def register(group: click.Group) -> None:
    for name in _MODULES:
        module = importlib.import_module(f"patchkit.commands.{name}")
        group.add_command(module.command)
