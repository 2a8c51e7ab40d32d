"""`python -m newsarchive` runs the command line."""

from .cli import cli

cli()
