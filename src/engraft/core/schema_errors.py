"""A JSON Schema error as a message that starts with the bad field's path.

Every documented input file (the case, the episode, a curated trial rule, a trial patient)
is validated with jsonschema; a user reads "genetics[0].zygosity: 'x' is not one of ...",
never the library's own message alone.
"""

from __future__ import annotations

from collections.abc import Iterable

from jsonschema import ValidationError


def json_path(parts: Iterable[object], root: str) -> str:
    """``["genetics", 0, "gene"]`` -> ``"genetics[0].gene"``; ``root`` for the whole file."""
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or root


def schema_error_message(error: ValidationError, root: str) -> str:
    """The error as "path: what is wrong"; a missing field is named with its path.

    An ``anyOf`` of required fields reads "give at least one of a, b".
    """
    where = json_path(error.absolute_path, root)
    if error.validator == "required":
        missing = error.message.split("'")[1]
        where = missing if where == root else f"{where}.{missing}"
        return f"{where}: required field is missing"
    if error.validator == "anyOf" and isinstance(error.validator_value, list):
        options = [o for o in error.validator_value if isinstance(o, dict) and "required" in o]
        if len(options) == len(error.validator_value):
            names = [next(iter(o["required"])) for o in options]
            return f"{where}: give at least one of {', '.join(names)}"
    return f"{where}: {error.message}"
