"""The wheel ships every package of the source tree (the list in pyproject is kept by hand)."""

from __future__ import annotations

import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_with_an_init_is_listed_in_pyproject() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "axiom_publisher").rglob("__init__.py")
    }
    missing = sorted(on_disk - listed - {"axiom_publisher.resources"})
    assert not missing, f"add these packages to [tool.setuptools] packages: {missing}"
    assert "axiom_publisher.resources" in listed
    mapped = config["tool"]["setuptools"]["package-dir"]  # packages shipped from another folder
    for name, folder in mapped.items():
        assert name in listed and (ROOT / folder / "__init__.py").is_file(), name
    assert listed - set(mapped) <= on_disk
