"""`engraft restore DIR`: see `engraft.commands.backup`."""

from .backup import run_restore as run

__all__ = ["run"]
