"""Scanning a delivery: find its movies, sequences, stills and files, and match them to shots.

The folder is walked recursively without leaving it (walk.py: a symbolic link that
leads out of the delivery, and a name holding a control character, are refused items with
the reason; hidden files and folders, and AXIOM's own summary files, are left out). Each
folder's files are grouped with fileseq: numbered images make a
sequence (a gap is missing frames), movies and other files are items of their own, even
when numbered. Each item's name (its path relative to the delivery, a sequence as
`name.####.exr`) is matched against the naming rules in order; the first match wins. A
match to a shot or asset the project does not have leaves the item unmatched, with that
reason, for manual assignment (`assign`). Nothing is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from axiom_publisher.config import Settings
from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.errors import AxiomError, SourceNotFoundError
from axiom_publisher.core.ingest import SUMMARY_PREFIX, IngestItem, IngestPlan, IngestRule
from axiom_publisher.core.names import validate_name
from axiom_publisher.core.types import (
    EntityKind,
    EntitySpec,
    ProgressCallback,
    ProgressEvent,
    PublishContext,
    Source,
    SourceFile,
    no_progress,
)
from axiom_publisher.db import repo
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.ingest.walk import DeliveryWalk, Refusal, shown_name
from axiom_publisher.publish.sources import file_source, group_files, sequence_source


def ingest_rules(settings: Settings, project: str) -> list[IngestRule]:
    """The naming rules of `project`: its [ingest.projects.P] rules, then the [ingest] ones."""
    return settings.ingest.rules_for(project)


def is_summary_file(name: str) -> bool:
    """AXIOM's own run summaries beside a delivery (never ingested, not part of it)."""
    return name.startswith(SUMMARY_PREFIX) and name.endswith(".json")


def walk_delivery(root: Path, allowed: Sequence[Path] = ()) -> DeliveryWalk:
    """Every visible folder under `root` with the file names the scan may read, sorted,
    and what it refused (links out of the delivery and `allowed`, control characters)."""
    return DeliveryWalk(root, allowed, skip=is_summary_file).run()


def _folder_sources(folder: Path, names: list[str]) -> list[Source]:
    paths = [str(folder / name) for name in names if (folder / name).is_file()]
    sequences, singles = group_files(paths)  # every file once, under its own name
    sources = [file_source(path) for path in singles]
    for seq in sequences:
        if len(seq) > 1:
            sources.append(sequence_source(seq))
        else:
            sources.extend(file_source(Path(str(member))) for member in seq)
    return sources


def item_name(root: Path, source: Source) -> str:
    """What rules match: the path relative to the delivery, `####` for a sequence's frames."""
    shown = Path(source.display.split(" (missing", 1)[0])
    try:
        return shown.relative_to(root).as_posix()
    except ValueError:
        return shown.as_posix()


def find_sources(
    root: Path,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    allowed: Sequence[Path] = (),
) -> tuple[list[tuple[str, Source]], list[Refusal]]:
    """(name, source) of every item of the delivery at `root`, by name, and the refused."""
    walk = walk_delivery(root, allowed)
    found: list[tuple[str, Source]] = []
    for done, (folder, names) in enumerate(walk.folders, start=1):
        if cancel is not None:
            cancel.raise_if_cancelled()
        found.extend((item_name(root, source), source) for source in _folder_sources(folder, names))
        shown = folder.relative_to(root).as_posix() if folder != root else "."
        progress(ProgressEvent("scan", done, len(walk.folders), shown))
    return sorted(found, key=lambda pair: pair[0]), walk.refused


def refused_item(index: int, refusal: Refusal) -> IngestItem:
    """The item of a refused file or folder: listed with the reason, never read."""
    source = Source(
        files=(SourceFile(path=refusal.path),), display=shown_name(str(refusal.path)), extension=""
    )
    return IngestItem(index, source, None, reason=refusal.reason, name=refusal.name, refused=True)


def _known(entities: Sequence[EntitySpec]) -> dict[tuple[EntityKind, str], str]:
    """(kind, lower-case code) -> the code, so `AB010_plate` finds the shot ab010."""
    return {(entity.kind, entity.code.lower()): entity.code for entity in entities}


def match_item(
    index: int,
    name: str,
    source: Source,
    project: str,
    rules: Sequence[IngestRule],
    known: dict[tuple[EntityKind, str], str],
) -> IngestItem:
    """The item with the context of the first rule matching `name`, or why there is none."""
    if not rules:
        return IngestItem(index, source, None, reason="no naming rules ([ingest] rules)", name=name)
    reasons: list[str] = []
    for rule in rules:
        try:
            context = rule.match(project, name)
        except AxiomError as error:
            reasons.append(f"rule '{rule.pattern}': {error}")  # as typed in the config
            continue
        if context is None:
            continue
        code = known.get((context.entity_kind, context.entity.lower()))
        if code is None:
            # What to do first: a table cell shows the start of it.
            reasons.append(
                f"{context.entity_kind.value} {context.entity} is not in project {project}: "
                f"create it, or import the edit (rule '{rule.pattern}' matched)"
            )
            continue
        matched = PublishContext(project, code, context.task, context.product, context.entity_kind)
        return IngestItem(index, source, matched, rule=rule.pattern, name=name)
    reason = "; ".join(reasons) or f"no naming rule matches (tried {len(rules)})"
    return IngestItem(index, source, None, reason=reason, name=name)


def scan_delivery(
    settings: Settings,
    root: Path,
    project: str,
    rules: Sequence[IngestRule] | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> IngestPlan:
    """The plan of the delivery at `root` for `project` (rules: the configured ones)."""
    validate_name(project, "project")
    root = Path(root).expanduser().absolute()
    if not root.is_dir():
        raise SourceNotFoundError(f"the delivery folder {root} does not exist or is not a folder")
    chosen = list(rules) if rules is not None else ingest_rules(settings, project)
    for rule in chosen:
        rule.compiled()  # a bad rule is bad input before any work
    with open_catalog_database(settings) as database:
        entities = database.run(
            lambda s: (repo.get_project(s, project), repo.list_entities(s, project))[1]
        )
    known = _known(entities)
    found, refused = find_sources(root, progress, cancel, settings.ingest.allow_links_into)
    entries: list[tuple[str, Source | Refusal]] = [*found, *((r.name, r) for r in refused)]
    entries.sort(key=lambda pair: pair[0])
    items = tuple(
        refused_item(index, entry)
        if isinstance(entry, Refusal)
        else match_item(index, name, entry, project, chosen, known)
        for index, (name, entry) in enumerate(entries)
    )
    return IngestPlan(project=project, root=root, items=items)
