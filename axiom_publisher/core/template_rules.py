"""The rules a path template must keep, checked without a publish root (config checks every
template as it loads, naming the file and the key; storage.layout checks it again).

All files of one version share one folder whose last component holds the version number;
every different project, entity, task and product gets a different folder; names in one
folder component are never joined ambiguously.
"""

from __future__ import annotations

import re
import string

from axiom_publisher.core.errors import ConfigError
from axiom_publisher.core.names import NAME_PATTERN
from axiom_publisher.core.templates import render_template, template_fields
from axiom_publisher.core.types import PublishContext

NAME_FIELDS = ("project", "entity", "task", "product")
TEMPLATE_FIELDS = frozenset(
    {*NAME_FIELDS, "entity_kind", "version", "frame", "ext", "representation"}
)
_FILE_ONLY_FIELDS = frozenset({"frame", "ext", "representation"})
_ZERO_PADDED = re.compile(r"0([0-9]+)d")
_FORMATTER = string.Formatter()


def sample_values(context: PublishContext, number: int) -> dict[str, object]:
    return {
        "project": context.project,
        "entity": context.entity,
        "entity_kind": context.entity_kind.value,
        "task": context.task,
        "product": context.product,
        "version": number,
    }


def check_template(template: str, fixed: frozenset[str] = frozenset()) -> str:
    """The version-folder part of `template`; ConfigError when it breaks a rule. `fixed`:
    name fields the template's selectors pin to one value (`tasks = ["plate"]`), which
    it need not hold in its folders."""
    folder = folder_template(template)
    components = folder.split("/")
    base = PublishContext("projA", "entA", "taskA", "prodA")

    def parent(ext: str, frame: str, representation: str) -> str:
        values = sample_values(base, 1)
        values.update(ext=ext, frame=frame, representation=representation)
        return render_template(template, values).rsplit("/", 1)[0]

    first = render_template(folder, sample_values(base, 1))
    if parent("exr", "1001", "repA") != first or parent("mov", "0002", "repB") != first:
        raise ConfigError(f"path template {template!r} splits a version across folders")
    second = render_template(folder, sample_values(base, 12345))
    if first.rsplit("/", 1)[0] != second.rsplit("/", 1)[0]:
        raise ConfigError(
            f"path template {template!r} must hold the version only in the last "
            "component of the version folder"
        )
    patterns = [re.compile(component_regex(part, {})) for part in components]
    for number, rendered in ((1, first), (12345, second)):
        parts = rendered.split("/")
        matches = [p.fullmatch(part) for p, part in zip(patterns, parts, strict=True)]
        last = matches[-1]
        if not all(matches) or last is None or int(last["version"]) != number:
            raise ConfigError(f"path template {template!r} renders ambiguous folders")
    for name in (field for field in NAME_FIELDS if field not in fixed):
        values = sample_values(base, 1) | {name: "other"}
        if render_template(folder, values) == first:
            raise ConfigError(f"path template {template!r} must use {{{name}}} in the folder part")
    return folder


def folder_template(template: str) -> str:
    """The version-folder part of a template (before the last `/`), checked."""
    unknown = sorted(set(template_fields(template)) - TEMPLATE_FIELDS)
    if unknown:
        raise ConfigError(
            f"path template {template!r} uses unknown fields {', '.join(unknown)}; "
            f"known: {', '.join(sorted(TEMPLATE_FIELDS))}"
        )
    if "\\" in template or "\x00" in template or template.startswith("/"):
        raise ConfigError(f"path template {template!r} must be relative and use '/' only")
    folder, slash, name = template.rpartition("/")
    if not slash or not folder or not name:
        raise ConfigError(f"path template {template!r} must put files in a version folder")
    if "[" in folder or "]" in folder:
        raise ConfigError(f"path template {template!r}: no optional [...] in the folder part")
    components = folder.split("/")
    earlier: set[str] = set()
    for component in components:
        if component in ("", ".", "..") or component.startswith("."):
            raise ConfigError(f"path template {template!r} has a bad folder {component!r}")
        for _literal, field, spec, conversion in _FORMATTER.parse(component):
            if field is None:
                continue
            if field in _FILE_ONLY_FIELDS:
                raise ConfigError(f"path template {template!r}: {{{field}}} in a folder")
            if conversion or (spec and not (field == "version" and _valid_version_spec(spec))):
                shown = field + (f"!{conversion}" if conversion else "") + f":{spec}"
                raise ConfigError(f"path template {template!r}: unsupported {{{shown}}}")
        # Two new names in one folder ("{entity}_{task}") would make "a_b" + "c" and
        # "a" + "b_c" the same folder.
        new = set(template_fields(component)) & set(NAME_FIELDS) - earlier
        if len(new) > 1:
            raise ConfigError(
                f"path template {template!r} joins {', '.join(sorted(new))} in one folder "
                f"name ({component!r}), which is ambiguous: give each its own folder"
            )
        earlier |= new
    if template_fields(components[-1]).count("version") != 1:
        raise ConfigError(
            f"path template {template!r} must hold {{version}} once in the version folder name"
        )
    if "ext" not in template_fields(name):
        raise ConfigError(f"path template {template!r} must end file names with {{ext}}")
    return folder


def _valid_version_spec(spec: str) -> bool:
    return spec == "d" or _ZERO_PADDED.fullmatch(spec) is not None


def component_regex(component: str, pinned: dict[str, str]) -> str:
    pieces: list[str] = []
    for literal, field, spec, _conversion in _FORMATTER.parse(component):
        pieces.append(re.escape(literal))
        if field is None:
            continue
        if field == "version":
            padded = _ZERO_PADDED.fullmatch(spec or "")
            width = int(padded.group(1)) if padded else 1
            pieces.append(rf"(?P<version>[0-9]{{{max(width, 1)},}})")
        elif field in pinned:
            pieces.append(re.escape(pinned[field]))
        else:
            pieces.append(NAME_PATTERN)
    return "".join(pieces)
