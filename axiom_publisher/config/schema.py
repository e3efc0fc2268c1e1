"""Every section and key a configuration file may hold, checked file by file as it is read.

Each theme module declares its keys (`*_KEYS`) and their TOML types (`*_TYPES`); this module
assembles them, with the nested tables ([qc.severity], [qc.projects.CODE],
[[ingest.rules]], [ingest.projects.CODE]), into one schema. A key or section not in it is a
typo, refused with the file, the section and the closest known name: an unknown key must
never silently fall back to a default (a misspelt [database] url would publish to the local
database). [[notify]] is an array of tables at the top, [roots.NAME] a table of tables.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Union

from axiom_publisher.config.editorial import EDITORIAL_KEYS, EDITORIAL_TYPES
from axiom_publisher.config.farm import FARM_KEYS, FARM_TYPES
from axiom_publisher.config.ingest import INGEST_KEYS, INGEST_TYPES, RULE_KEYS, RULE_TYPES
from axiom_publisher.config.media import MEDIA_KEYS, MEDIA_TYPES
from axiom_publisher.config.notify import NOTIFY_KEYS, NOTIFY_TYPES
from axiom_publisher.config.plugins import PLUGINS_KEYS, PLUGINS_TYPES
from axiom_publisher.config.publish import (
    DATABASE_KEYS,
    DATABASE_TYPES,
    PUBLISH_KEYS,
    PUBLISH_TYPES,
)
from axiom_publisher.config.qc import QC_KEYS, QC_TYPES
from axiom_publisher.config.review import REVIEW_KEYS, REVIEW_TYPES
from axiom_publisher.config.roots import ROOT_KEYS, ROOT_TYPES
from axiom_publisher.config.templates import KEY_KEYS, KEY_TYPES, PATH_KEYS, PATH_TYPES
from axiom_publisher.config.tracker import (
    PROJECT_KEYS,
    PROJECT_TYPES,
    STATUS_KEYS,
    STATUS_TYPES,
    TRACKER_KEYS,
    TRACKER_TYPES,
)
from axiom_publisher.config.values import TEXT, Kind, describe
from axiom_publisher.core.errors import ConfigError
from axiom_publisher.core.qc import CHECK_IDS

NOT_BUILT: tuple[str, ...] = ()  # sections of layers not built yet


@dataclass(frozen=True, slots=True)
class Table:
    """A table with these keys; a key's spec None: any value (checked when parsed).
    `noun` is what its keys are, for messages ("setting", "QC check")."""

    keys: Mapping[str, Spec | None]
    noun: str = "setting"


@dataclass(frozen=True, slots=True)
class Rows:
    """An array of tables (`[[section.key]]`), each with these keys."""

    row: Table


@dataclass(frozen=True, slots=True)
class Each:
    """A table of named tables (`[section.projects.CODE]`), each with these keys."""

    item: Table


Spec = Union[Kind, Table, Rows, Each]  # noqa: UP007 - a runtime alias


def _table(keys: tuple[str, ...], types: Mapping[str, Kind], **nested: Spec) -> Table:
    return Table({key: nested.get(key, types.get(key)) for key in keys})


_QC_SEVERITY = Table(dict.fromkeys(CHECK_IDS, TEXT), noun="QC check")
_QC_PROJECT = _table(
    tuple(key for key in QC_KEYS if key != "projects"), QC_TYPES, severity=_QC_SEVERITY
)
_RULE = Rows(_table(RULE_KEYS, RULE_TYPES))
_TEMPLATE_PATHS = Table({"paths": Each(_table(PATH_KEYS, PATH_TYPES)),
                         "keys": Each(_table(KEY_KEYS, KEY_TYPES))})  # fmt: skip

SCHEMA = Table(
    {
        "database": _table(DATABASE_KEYS, DATABASE_TYPES),
        "publish": _table(PUBLISH_KEYS, PUBLISH_TYPES),
        "qc": _table(QC_KEYS, QC_TYPES, severity=_QC_SEVERITY, projects=Each(_QC_PROJECT)),
        "media": _table(MEDIA_KEYS, MEDIA_TYPES),
        "review": _table(REVIEW_KEYS, REVIEW_TYPES),
        "editorial": _table(EDITORIAL_KEYS, EDITORIAL_TYPES),
        "ingest": _table(
            INGEST_KEYS, INGEST_TYPES, rules=_RULE, projects=Each(Table({"rules": _RULE}))
        ),
        "tracker": _table(
            TRACKER_KEYS,
            TRACKER_TYPES,
            projects=Each(_table(PROJECT_KEYS, PROJECT_TYPES)),
            statuses=_table(STATUS_KEYS, STATUS_TYPES),
        ),
        "farm": _table(FARM_KEYS, FARM_TYPES),
        "roots": Each(Table({key: ROOT_TYPES[key] for key in ROOT_KEYS}, noun="platform")),
        "templates": Table({**_TEMPLATE_PATHS.keys, "projects": Each(_TEMPLATE_PATHS)}),
        "notify": Rows(_table(NOTIFY_KEYS, NOTIFY_TYPES)),
        # Plugin check ids and names are checked when the plugins are loaded.
        "plugins": _table(PLUGINS_KEYS, PLUGINS_TYPES, projects=Each(Table({"severity": None}))),
    }
)


def _closest(name: str, known: Mapping[str, Any]) -> str:
    match = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" (did you mean {match[0]!r}?)" if match else ""


def _home_of(key: str) -> str | None:
    """The section of the schema that has this key, if one has it."""
    for section, spec in SCHEMA.keys.items():
        if isinstance(spec, Table) and key in spec.keys:
            return section
    return None


def _unknown_section(name: str, value: Any, where: str) -> ConfigError:
    if name in NOT_BUILT:
        return ConfigError(
            f"{where}: [{name}] is not a setting of this AXIOM version (that feature is not "
            "built yet); remove the section"
        )
    home = _home_of(name)
    if not isinstance(value, Mapping) and home:
        return ConfigError(
            f"{where}: {name} stands outside any section; it belongs under [{home}] "
            f"(write [{home}] on the line before it)"
        )
    known = ", ".join(f"[{section}]" for section in SCHEMA.keys)
    hint = _closest(name, SCHEMA.keys)
    return ConfigError(
        f"{where}: [{name}] is not a configuration section{hint}; known sections: {known}"
    )


def _check(value: Any, spec: Spec | None, section: str, key: str, where: str) -> None:
    if spec is None:
        return
    if isinstance(spec, Table):
        if not isinstance(value, Mapping):
            raise ConfigError(
                f"{where}: {section}.{key} = {value!r} must be a table ([{section}.{key}])"
            )
        _check_table(value, spec, f"{section}.{key}", where)
    elif isinstance(spec, Rows):
        if not isinstance(value, list):
            raise ConfigError(
                f"{where}: {section}.{key} = {value!r} must be an array of tables "
                f"([[{section}.{key}]])"
            )
        for number, row in enumerate(value, start=1):
            _check(row, spec.row, section, f"{key}[{number}]", where)
    elif isinstance(spec, Each):
        if not isinstance(value, Mapping):
            raise ConfigError(
                f"{where}: {section}.{key} = {value!r} must be a table of tables "
                f"([{section}.{key}.NAME])"
            )
        for name, item in value.items():
            _check(item, spec.item, f"{section}.{key}", str(name), where)
    elif (isinstance(value, bool) and bool not in spec) or not isinstance(value, spec):
        raise ConfigError(f"{where}: {section}.{key} = {value!r} is not {describe(spec)}")


def _check_table(values: Mapping[str, Any], spec: Table, section: str, where: str) -> None:
    for key, value in values.items():
        if key not in spec.keys:
            raise ConfigError(
                f"{where}: {section}.{key} is not a {spec.noun}{_closest(key, spec.keys)}; "
                f"the {spec.noun}s of [{section}]: {', '.join(spec.keys)}"
            )
        _check(value, spec.keys[key], section, key, where)


def check_document(document: Mapping[str, Any], where: str) -> None:
    """Refuse unknown sections and keys and values of the wrong type in one file's
    document; `where` names the file ("the user config /home/ana/.config/...")."""
    for section, values in document.items():
        spec = SCHEMA.keys.get(section)
        if isinstance(spec, Rows):  # [[notify]]: an array of tables at the top
            if not isinstance(values, list):
                raise ConfigError(
                    f"{where}: {section} = {values!r} must be an array of tables: write "
                    f"[[{section}]] before each entry"
                )
            for number, row in enumerate(values, start=1):
                if not isinstance(row, Mapping):
                    raise ConfigError(f"{where}: {section}[{number}] must be a table")
                _check_table(row, spec.row, f"{section}[{number}]", where)
            continue
        if isinstance(spec, Each):  # [roots.NAME]: a table of named tables at the top
            if not isinstance(values, Mapping):
                raise ConfigError(f"{where}: {section} must be a table of [{section}.NAME]")
            for name, item in values.items():
                _check(item, spec.item, section, str(name), where)
            continue
        if not isinstance(spec, Table):
            raise _unknown_section(section, values, where)
        if not isinstance(values, Mapping):
            raise ConfigError(
                f"{where}: {section} = {values!r} must be a table: write [{section}] on its "
                "own line, then its keys"
            )
        _check_table(values, spec, section, where)
