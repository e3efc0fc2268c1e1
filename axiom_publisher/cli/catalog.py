"""`axiom shot list`, `axiom asset list` and `axiom product list`: what a user can name."""

from __future__ import annotations

import argparse
from typing import Any

from axiom_publisher.cli.common import Parser, add_json, emit, table
from axiom_publisher.config import Settings
from axiom_publisher.core.catalog import ProductSummary
from axiom_publisher.core.types import EntityKind, EntitySpec, ProjectSpec
from axiom_publisher.publish import catalog
from axiom_publisher.publish.database import open_catalog_database


def register_entity_list(entity_commands: Any, kind: str) -> None:
    """`axiom shot list PROJECT` / `axiom asset list PROJECT` (in the shot/asset group)."""
    what = "cut ranges and handles" if kind == "shot" else "codes"
    listing = entity_commands.add_parser(
        "list", help=f"list the {kind}s of a project with their {what}"
    )
    listing.add_argument("project", help="the project code (see `axiom project list`)")
    add_json(listing)


def register_product_list(commands: Any) -> None:
    product = commands.add_parser("product", help="list products (what versions belong to)")
    actions = product.add_subparsers(dest="action", required=True, parser_class=Parser)
    listing = actions.add_parser(
        "list", help="list the products of a project, with their version counts"
    )
    listing.add_argument("project", help="the project code (see `axiom project list`)")
    target = listing.add_mutually_exclusive_group()
    target.add_argument("--shot", help="only the products of this shot")
    target.add_argument("--asset", help="only the products of this asset")
    add_json(listing)
    product.set_defaults(handler=cmd_product)


def cmd_entity_list(args: argparse.Namespace, settings: Settings) -> int:
    kind = EntityKind(args.command)
    with open_catalog_database(settings) as database:
        project = catalog.get_project(database, args.project)
        entities = catalog.list_entities(database, args.project, kind)
    payload = [entity_json(entity, project) for entity in entities]
    if kind is EntityKind.SHOT:
        rows = [
            [
                str(item["code"]),
                _range(item["frames"]),
                str(item["handles"]) + ("" if entity.handles is not None else " (project)"),
                _range(item["range"]),
            ]
            for item, entity in zip(payload, entities, strict=True)
        ]
        text = table(rows, ["shot", "cut", "handles", "with handles"]) if rows else ""
    else:
        text = "\n".join(entity.code for entity in entities)
    emit(args, payload, text or f"no {kind.value}s in {args.project}")
    return 0


def entity_json(entity: EntitySpec, project: ProjectSpec) -> dict[str, Any]:
    """A shot or asset as `axiom shot|asset list --json` prints it: its own handles (None:
    the project's) and the effective ones, its cut range and the range with handles."""
    handles = entity.handles if entity.handles is not None else project.handles
    cut = entity.cut_range
    return {
        "project": entity.project,
        "code": entity.code,
        "kind": entity.kind.value,
        "frames": [cut.first, cut.last] if cut else None,
        "handles": handles,
        "own_handles": entity.handles,
        "range": [cut.first - handles, cut.last + handles] if cut else None,
    }


def _range(value: Any) -> str:
    return f"{value[0]}-{value[1]}" if value else "-"


def cmd_product(args: argparse.Namespace, settings: Settings) -> int:
    kind = EntityKind.SHOT if args.shot else EntityKind.ASSET if args.asset else None
    with open_catalog_database(settings) as database:
        products = catalog.list_products(database, args.project, args.shot or args.asset, kind)
    rows = [
        [
            p.entity,
            p.task,
            p.name,
            f"v{p.latest_published:03d}" if p.latest_published else "-",
            str(p.published),
            str(p.last_version),
        ]
        for p in products
    ]
    header = ["entity", "task", "product", "latest", "published", "last number"]
    scope = "/".join(part for part in (args.project, args.shot or args.asset) if part)
    text = table(rows, header) if rows else f"no products in {scope}"
    emit(args, [product_json(p) for p in products], text)
    return 0


def product_json(product: ProductSummary) -> dict[str, Any]:
    return {
        "project": product.project,
        "entity": product.entity,
        "entity_kind": product.entity_kind.value,
        "task": product.task,
        "product": product.name,
        "last_version": product.last_version,
        "published": product.published,
        "latest_published": product.latest_published,
    }
