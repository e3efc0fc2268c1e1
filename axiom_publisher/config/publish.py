"""[publish] settings checked where they are written: an error names the file (or the
environment variable) and the key, not only the merged value."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from axiom_publisher.config.permissions import parse_permissions
from axiom_publisher.config.values import FLAG, TEXT, WHOLE, Kind
from axiom_publisher.core.catalog import IdenticalPolicy
from axiom_publisher.core.errors import ConfigError

DATABASE_KEYS = ("url",)
DATABASE_TYPES: Mapping[str, Kind] = {"url": TEXT}
PUBLISH_KEYS = (
    "root",
    "path_template",
    "default_task",
    "lease_seconds",
    "dedupe_hardlinks",
    "identical",
    "group",
    "folder_mode",
    "file_mode",
)
PUBLISH_TYPES: Mapping[str, Kind] = {
    "root": TEXT,
    "path_template": TEXT,
    "default_task": TEXT,
    "lease_seconds": WHOLE,
    "dedupe_hardlinks": FLAG,
    "identical": TEXT,
    "group": (str, int),
    "folder_mode": TEXT,
    "file_mode": TEXT,
}
IDENTICAL_CHOICES = ", ".join(repr(policy.value) for policy in IdenticalPolicy)


def parse_identical(value: Any, where: str) -> IdenticalPolicy:
    """`[publish] identical` as a policy; ConfigError naming `where` (a file or variable)."""
    text = value.strip().lower() if isinstance(value, str) else value
    try:
        return IdenticalPolicy(text)
    except ValueError:
        raise ConfigError(
            f"{where}: [publish] identical = {value!r} is not one of {IDENTICAL_CHOICES} "
            "(what a publish does when its content is already published)"
        ) from None


def check_layer(layer: Mapping[str, Any], where: str) -> None:
    """Validate the [publish] values of one configuration layer (a file) as it is read."""
    publish = layer.get("publish")
    if isinstance(publish, Mapping) and "identical" in publish:
        parse_identical(publish["identical"], where)
    if isinstance(publish, Mapping):
        parse_permissions(publish, where)
