"""[templates]: named path templates and their typed keys, checked as each file is read.

    [templates.keys.version]
    padding = 3                      # {version} renders 003
    [templates.keys.task]
    values = ["plate", "comp", "fx"] # a publish with another task is refused
    [templates.paths.plates]
    path = "{project}/plates/{entity}/{product}/v{version}/{product}_v{version}[.{frame}].{ext}"
    kinds = ["shot"]                 # shot | asset | sequence; empty: any
    tasks = ["plate"]
    products = ["plate*"]            # globs on the product name
    [templates.projects.CODE.paths.NAME]   # a project's own templates over the studio's

`[publish] path_template` is the template named `default`, used when no other matches.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from axiom_publisher.config.values import LIST, TEXT, WHOLE, Kind
from axiom_publisher.core.errors import ConfigError, InvalidNameError
from axiom_publisher.core.names import validate_name
from axiom_publisher.core.path_templates import (
    DEFAULT_TEMPLATE,
    KeySpec,
    NamedTemplate,
    TemplateSet,
    apply_padding,
)
from axiom_publisher.core.template_rules import NAME_FIELDS, TEMPLATE_FIELDS, check_template
from axiom_publisher.core.types import EntityKind

PATH_KEYS = ("path", "kinds", "tasks", "products")
PATH_TYPES: Mapping[str, Kind] = {"path": TEXT, "kinds": LIST, "tasks": LIST, "products": LIST}
KEY_KEYS = ("padding", "values")
KEY_TYPES: Mapping[str, Kind] = {"padding": WHOLE, "values": LIST}
TEMPLATES_KEYS = ("paths", "keys", "projects")


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(each, str) and each for each in value):
        raise ConfigError(f"{where} = {value!r} must be a list of names")
    return tuple(value)


def _key(name: str, raw: Mapping[str, Any], where: str) -> KeySpec:
    key = f"templates.keys.{name}"
    if name not in TEMPLATE_FIELDS:
        raise ConfigError(
            f"{where}: [{key}] is not a template field; "
            f"fields: {', '.join(sorted(TEMPLATE_FIELDS))}"
        )
    padding = raw.get("padding")
    if padding is not None:
        if name != "version":
            raise ConfigError(f"{where}: {key}.padding: only {{version}} is padded")
        if isinstance(padding, bool) or not isinstance(padding, int) or not 1 <= padding <= 9:
            raise ConfigError(f"{where}: {key}.padding = {padding!r} must be 1 to 9 digits")
    values = _strings(raw.get("values", []), f"{where}: {key}.values")
    if values and name not in NAME_FIELDS:
        raise ConfigError(f"{where}: {key}.values: only {', '.join(NAME_FIELDS)} take values")
    for value in values:
        try:
            validate_name(value, name)
        except InvalidNameError as error:
            raise ConfigError(f"{where}: {key}.values: {error}") from None
    return KeySpec(name, padding, values)


def _template(
    name: str, raw: Mapping[str, Any], keys: Mapping[str, KeySpec], where: str, section: str
) -> NamedTemplate:
    key = f"{section}.{name}"
    path = raw.get("path")
    if not isinstance(path, str) or not path:
        raise ConfigError(f'{where}: [{key}] has no path; add path = "{{project}}/..."')
    kinds = _strings(raw.get("kinds", []), f"{where}: {key}.kinds")
    known = {kind.value for kind in EntityKind}
    for kind in kinds:
        if kind not in known:
            raise ConfigError(
                f"{where}: {key}.kinds: {kind!r} is not an entity kind; use {', '.join(known)}"
            )
    template = NamedTemplate(
        name,
        apply_padding(path, keys),
        kinds,
        _strings(raw.get("tasks", []), f"{where}: {key}.tasks"),
        _strings(raw.get("products", []), f"{where}: {key}.products"),
    )
    try:
        check_template(template.path, template.fixed)
    except ConfigError as error:
        raise ConfigError(f"{where}: the path template {name!r} ({key}.path): {error}") from None
    return template


def _set(
    raw: Mapping[str, Any], default: str, where: str, prefix: str, inherited: TemplateSet | None
) -> TemplateSet:
    keys: dict[str, KeySpec] = dict(inherited.keys) if inherited else {}
    for name, spec in (raw.get("keys") or {}).items():
        keys[name] = _key(name, spec, where)
    paths: dict[str, NamedTemplate] = {}
    if inherited is not None:
        paths.update({t.name: t for t in inherited.templates if t.name != DEFAULT_TEMPLATE})
    for name, spec in (raw.get("paths") or {}).items():
        paths[name] = _template(name, spec, keys, where, f"{prefix}paths")
    try:
        check_template(apply_padding(default, keys))
    except ConfigError as error:
        raise ConfigError(f"{where}: publish.path_template: {error}") from None
    fallback = NamedTemplate(DEFAULT_TEMPLATE, apply_padding(default, keys))
    return TemplateSet((*paths.values(), fallback), keys)


def parse_templates(raw: Any, default: str, where: str = "the configuration") -> TemplateSet:
    """The merged [templates] table (or one file's) with `[publish] path_template` as the
    template named `default`; ConfigError naming `where`, the template and the key."""
    values: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
    studio = _set(values, default, where, "templates.", None)
    projects = {
        code: _set(spec, default, where, f"templates.projects.{code}.", studio)
        for code, spec in (values.get("projects") or {}).items()
    }
    return TemplateSet(studio.templates, studio.keys, projects)


def check_templates_layer(layer: Mapping[str, Any], where: str) -> None:
    """Check the templates of one configuration file as it is read."""
    templates = layer.get("templates")
    if not isinstance(templates, Mapping):
        return
    publish = layer.get("publish")
    default = publish.get("path_template") if isinstance(publish, Mapping) else None
    parse_templates(templates, default if isinstance(default, str) else _SAMPLE, where)


# Stands in for [publish] path_template when a file sets templates but not it.
_SAMPLE = "{project}/{entity}/{task}/{product}/v{version:03d}/{product}_v{version:03d}.{ext}"
