"""Paths for a context, and contexts for a path: the named templates and roots at work.

`area_layout` is the publish area as one template sees it (the one a context chooses),
knowing the studio's other templates. `resolve` renders a template for a context; `parse`
takes a path typed on any platform (or root-relative) back to its template and fields;
`latest` finds the newest published version a template made for an entity (the way a
comp finds "the latest plate of this shot"). Paths come back as this machine shows them.
"""

from __future__ import annotations

from dataclasses import dataclass

from axiom_publisher.config import Settings
from axiom_publisher.core.errors import BadInputError, PathOutsideRootError
from axiom_publisher.core.path_templates import DEFAULT_TEMPLATE, NamedTemplate, TemplateSet
from axiom_publisher.core.roots import PUBLISH_ROOT, pure_path
from axiom_publisher.core.types import EntityKind, PublishContext, VersionRecord, VersionStatus
from axiom_publisher.db import Database, repo
from axiom_publisher.publish.records import absolute_record
from axiom_publisher.storage import PublishLayout


def template_set(settings: Settings) -> TemplateSet:
    """The studio's templates; `[publish] path_template` alone when none are configured."""
    if settings.templates is not None:
        return settings.templates
    return TemplateSet((NamedTemplate(DEFAULT_TEMPLATE, settings.path_template),))


def _layout(settings: Settings, template: NamedTemplate) -> PublishLayout:
    return PublishLayout(
        settings.publish_root, template.path, settings.permissions, fixed=template.fixed
    )


def _all_layouts(settings: Settings, templates: TemplateSet) -> tuple[PublishLayout, ...]:
    sets = (templates, *templates.projects.values())
    unique = {t.path: t for each in sets for t in each.templates}
    return tuple(_layout(settings, template) for template in unique.values())


def area_layout(settings: Settings, context: PublishContext | None = None) -> PublishLayout:
    """The publish area through the template `context` chooses (the default without one)."""
    templates = template_set(settings)
    chosen = templates.choose(context) if context else templates.get(DEFAULT_TEMPLATE)
    return PublishLayout(
        settings.publish_root,
        chosen.path,
        settings.permissions,
        others=_all_layouts(settings, templates),
        fixed=chosen.fixed,
    )


@dataclass(frozen=True, slots=True)
class ResolvedPath:
    template: str
    folder: str  # root-relative (what the database stores)
    path: str  # absolute, as this machine shows it
    file: str | None  # the file's absolute path, with an extension


def resolve(
    settings: Settings,
    context: PublishContext,
    number: int,
    ext: str | None = None,
    frame: str | None = None,
    template: str | None = None,
) -> ResolvedPath:
    """Render the chosen (or named) template for `context` and version `number`."""
    templates = template_set(settings)
    named = templates.for_project(context.project).get(template) if template else None
    if named is not None:
        templates.for_project(context.project).check_values(context)
    named = named or templates.choose(context)
    layout = _layout(settings, named)
    folder = layout.version_folder(context, number)
    file = None if ext is None else layout.file_path(context, number, ext, frame)
    return ResolvedPath(
        named.name,
        folder,
        shown(settings, folder),
        None if file is None else shown(settings, file),
    )


def shown(settings: Settings, relative: str) -> str:
    """A root-relative path as this machine's users see it (its platform's root form)."""
    local = str(settings.publish_root.joinpath(*relative.split("/")))
    return settings.roots.shown(local)


def to_relative(settings: Settings, text: str) -> str:
    """The root-relative POSIX path of a path typed on any platform under the publish root,
    or already root-relative."""
    found = settings.roots.split(text)
    if found is not None:
        root, relative = found
        if root.name != PUBLISH_ROOT:
            raise PathOutsideRootError(
                f"{text} lies under the root {root.name!r}, not the publish root"
            )
        return relative
    if any(pure_path(text, platform).is_absolute() for platform in ("linux", "windows")):
        raise PathOutsideRootError(
            f"{text} lies outside the publish root ({shown(settings, '.')}) on every platform "
            "of [roots]"
        )
    return "/".join(part for part in text.replace("\\", "/").split("/") if part not in ("", "."))


@dataclass(frozen=True, slots=True)
class ParsedPath:
    template: str
    relative: str
    fields: dict[str, str]


def parse(settings: Settings, text: str) -> ParsedPath:
    """The template and fields of a path (any platform's form, or root-relative)."""
    relative = to_relative(settings, text)
    templates = template_set(settings)
    sets = (*templates.projects.values(), templates)
    for each in sets:
        found = each.parse(relative)
        if found is not None:
            return ParsedPath(found[0].name, relative, found[1])
    raise BadInputError(
        f"{text} is not a path of any template ({', '.join(templates.names)}); "
        "see `axiom path templates`"
    )


def latest(
    database: Database,
    settings: Settings,
    project: str,
    entity: str,
    kind: EntityKind,
    *,
    template: str | None = None,
    product: str | None = None,
    task: str | None = None,
) -> VersionRecord | None:
    """The newest published version of the entity (of a product, a task, and/or made
    through a named template: `plates`), with its paths absolute on this machine."""
    records = database.run(
        lambda s: repo.list_versions(
            s, project=project, entity=entity, product=product, task=task,
            status=VersionStatus.PUBLISHED,
        )
    )  # fmt: skip
    templates = template_set(settings).for_project(project)
    chosen = [
        record for record in records
        if record.entity_kind is kind
        and (template is None or _made_by(templates, template, record.path.as_posix()))
    ]  # fmt: skip
    if not chosen:
        return None
    newest = max(chosen, key=lambda record: (record.published_at is not None, record.id))
    return absolute_record(newest, settings.publish_root)


def _made_by(templates: TemplateSet, name: str, folder: str) -> bool:
    found = templates.parse(folder)
    return found is not None and found[0].name == name
