"""Run the command line as `python -m patchkit`."""

from patchkit.cli import main

main()
