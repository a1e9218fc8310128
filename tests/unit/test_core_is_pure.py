"""The import contracts hold: the core is pure, and the pathway's stages import one way.

The contracts are import-linter's, declared in pyproject.toml ([tool.importlinter]); the
test command runs `lint-imports` as its own step too. These tests also check that the
contracts name every package of the project, so that a new app cannot slip past them.
"""

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = sorted(
    f"engraft.{path.stem if path.is_file() else path.name}"
    for path in (ROOT / "src" / "engraft").iterdir()
    if (path.is_dir() and (path / "__init__.py").exists())
    or (path.suffix == ".py" and path.stem != "__init__")
)


def contracts() -> dict[str, dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    return {contract["type"]: contract for contract in config["contracts"]}


def test_the_import_contracts_are_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_core_may_import_no_django_no_ninja_and_no_other_package_of_the_project():
    forbidden = set(contracts()["forbidden"]["forbidden_modules"])
    assert {"django", "ninja"} <= forbidden
    assert set(PACKAGES) - {"engraft.core"} <= forbidden


def test_every_package_of_the_project_has_its_place_in_the_layers():
    layered = {
        name.strip()
        for layer in contracts()["layers"]["layers"]
        for name in layer.replace(":", "|").split("|")
    }
    assert set(PACKAGES) <= layered, f"give these a layer: {sorted(set(PACKAGES) - layered)}"
