"""Named path templates, chosen by entity kind, task and product, and parsed back.

A studio names its trees (`plates`, `renders`, `caches`, `work`...) in `[templates.paths]`;
each template says which publishes it is for (`kinds`, `tasks`, `products`: empty is any;
product entries are globs, `plate*`). The most specific matching template wins (the one
with the most selectors set; on a tie, the one named first); none matching: the
`default` template (`[publish] path_template`). `[templates.keys]` types the fields:
`padding` of `{version}`, allowed `values` of a name field.

The database stores the folder each version was published at, so changing a template
only moves the versions published after the change.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from axiom_publisher.core.errors import BadInputError
from axiom_publisher.core.names import NAME_PATTERN
from axiom_publisher.core.templates import template_fields
from axiom_publisher.core.types import EntityKind, PublishContext

DEFAULT_TEMPLATE = "default"
_FIELD = re.compile(r"\{([a-z_]+)(?::([^{}]*))?\}")
_ZERO_PADDED = re.compile(r"0([0-9]+)d")


@dataclass(frozen=True, slots=True)
class KeySpec:
    """A typed template field: the padding of `version`, the values a name may take."""

    name: str
    padding: int | None = None
    values: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NamedTemplate:
    """One named path template and the publishes it is for."""

    name: str
    path: str
    kinds: tuple[str, ...] = ()
    tasks: tuple[str, ...] = ()
    products: tuple[str, ...] = ()

    def matches(self, context: PublishContext) -> bool:
        return (
            (not self.kinds or context.entity_kind.value in self.kinds)
            and (not self.tasks or context.task in self.tasks)
            and (
                not self.products
                or any(fnmatch.fnmatchcase(context.product, glob) for glob in self.products)
            )
        )

    @property
    def fixed(self) -> frozenset[str]:
        """The name fields this template's selectors pin to one value."""
        pinned = set()
        if len(self.tasks) == 1:
            pinned.add("task")
        if len(self.products) == 1 and not any(c in self.products[0] for c in "*?["):
            pinned.add("product")
        return frozenset(pinned)

    @property
    def specificity(self) -> int:
        return sum(1 for selector in (self.kinds, self.tasks, self.products) if selector)


def apply_padding(path: str, keys: Mapping[str, KeySpec]) -> str:
    """`{version}` without a format spec gets the padding of `[templates.keys.version]`."""
    spec = keys.get("version")
    if spec is None or spec.padding is None:
        return path
    return path.replace("{version}", f"{{version:0{spec.padding}d}}")


@dataclass(frozen=True, slots=True)
class TemplateSet:
    """The named templates of a studio (or of one project), and their typed keys."""

    templates: tuple[NamedTemplate, ...]
    keys: Mapping[str, KeySpec] = field(default_factory=dict)
    projects: Mapping[str, TemplateSet] = field(default_factory=dict)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(template.name for template in self.templates)

    def get(self, name: str) -> NamedTemplate:
        found = next((t for t in self.templates if t.name == name), None)
        if found is None:
            raise BadInputError(
                f"there is no path template {name!r}; the templates: {', '.join(self.names)}"
            )
        return found

    def for_project(self, code: str | None) -> TemplateSet:
        """The set a project uses: its own `[templates.projects.CODE]` over the studio's."""
        return self.projects.get(code, self) if code is not None else self

    def choose(self, context: PublishContext) -> NamedTemplate:
        """The template a publish of `context` goes through; its keys are checked."""
        own = self.for_project(context.project)
        own.check_values(context)
        candidates = [t for t in own.templates if t.name != DEFAULT_TEMPLATE and t.matches(context)]
        if candidates:
            return max(candidates, key=lambda t: t.specificity)  # first of the most specific
        return own.get(DEFAULT_TEMPLATE)

    def check_values(self, context: PublishContext) -> None:
        values = {"project": context.project, "entity": context.entity, "task": context.task,
                  "product": context.product}  # fmt: skip
        for name, value in values.items():
            spec = self.keys.get(name)
            if spec is not None and spec.values and value not in spec.values:
                raise BadInputError(
                    f"{name} {value!r} is not allowed by [templates.keys.{name}]; use one of "
                    f"{', '.join(spec.values)}"
                )

    def parse(self, relative: str) -> tuple[NamedTemplate, dict[str, str]] | None:
        """The template and fields of a root-relative POSIX path: a file of a version or a
        version folder. None when no template makes it."""
        for template in sorted(self.templates, key=lambda t: -t.specificity):
            for pattern in (path_regex(template.path), path_regex(template.path, folder=True)):
                match = pattern.fullmatch(relative)
                if match is not None:
                    fields = {k: v for k, v in match.groupdict().items() if v is not None}
                    if "entity_kind" not in fields and len(template.kinds) == 1:
                        fields["entity_kind"] = template.kinds[0]
                    if not self._allowed(fields):
                        continue
                    return template, fields
        return None

    def _allowed(self, fields: Mapping[str, str]) -> bool:
        return all(
            not spec.values or fields.get(name) is None or fields[name] in spec.values
            for name, spec in self.keys.items()
        )


def _field_regex(name: str, spec: str | None) -> str:
    if name == "version":
        padded = _ZERO_PADDED.fullmatch(spec or "")
        return rf"[0-9]{{{int(padded.group(1)) if padded else 1},}}"
    if name == "frame":
        return r"-?[0-9]{1,12}"
    if name == "ext":
        return r"[A-Za-z0-9]{1,16}"
    if name == "entity_kind":
        return "|".join(kind.value for kind in EntityKind)
    return NAME_PATTERN


def path_regex(path: str, *, folder: bool = False) -> re.Pattern[str]:
    """A pattern matching what `path` renders (its version folder only, with `folder`);
    a field used twice must hold the same text both times."""
    if folder:
        path = path.rpartition("/")[0]
    seen: set[str] = set()
    pieces: list[str] = []
    position = 0
    for match in _FIELD.finditer(path):
        pieces.append(_literal(path[position : match.start()]))
        name, spec = match.group(1), match.group(2)
        if name in seen:
            pieces.append(f"(?P={name})")
        else:
            seen.add(name)
            pieces.append(f"(?P<{name}>{_field_regex(name, spec)})")
        position = match.end()
    pieces.append(_literal(path[position:]))
    return re.compile("".join(pieces))


def _literal(text: str) -> str:
    """Literal template text, with `[` `]` (optional sections) as optional groups."""
    return re.escape(text).replace(r"\[", "(?:").replace(r"\]", ")?")


def version_of(fields: Mapping[str, str]) -> int | None:
    text = fields.get("version")
    return int(text) if text is not None else None


__all__ = [
    "DEFAULT_TEMPLATE",
    "KeySpec",
    "NamedTemplate",
    "TemplateSet",
    "apply_padding",
    "path_regex",
    "template_fields",
    "version_of",
]
