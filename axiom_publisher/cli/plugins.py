"""`axiom plugins`: the studio plugins this configuration finds, from where, and their state.

    axiom plugins [--json]

Lists every plugin of the `axiom_publisher.plugins` entry-point group and of the
`[plugins] folders`: its name, origin, plugin API, hooks, QC checks and whether it runs
(loaded), is switched off ([plugins] disabled) or cannot run (error, with the reason).
Exit 1 when a plugin cannot run, so a studio's install check can use it.
"""

from __future__ import annotations

import argparse
from typing import Any

from axiom_publisher.cli.common import add_json, print_json, table
from axiom_publisher.config import Settings
from axiom_publisher.core.plugin import API_VERSION
from axiom_publisher.publish.plugins import plugins_for


def register(commands: Any) -> None:
    """Add `plugins` to the `axiom` subcommands."""
    plugins = commands.add_parser(
        "plugins",
        help="list the studio plugins and where they come from",
        description="List the studio plugins (the axiom_publisher.plugins entry points and "
        "the *.py files of [plugins] folders): origin, hooks, checks and state. Exit 1 "
        "when one cannot run.",
    )
    add_json(plugins)
    plugins.set_defaults(handler=cmd_plugins)


def cmd_plugins(args: argparse.Namespace, settings: Settings) -> int:
    found = plugins_for(settings).plugins
    broken = any(plugin.error for plugin in found if not plugin.disabled)
    if args.json:
        print_json({"api": API_VERSION, "plugins": [plugin.to_json() for plugin in found]})
        return 1 if broken else 0
    if not found:
        print(
            "no studio plugins (install one with an axiom_publisher.plugins entry point, or "
            "name a folder in [plugins] folders)"
        )
        return 0
    rows = [
        [
            plugin.name,
            plugin.to_json()["status"],
            ", ".join(plugin.hooks) or "-",
            ", ".join(plugin.checks) or "-",
            plugin.origin,
        ]
        for plugin in found
    ]
    print(table(rows, ["name", "status", "hooks", "checks", "from"]))
    for plugin in found:
        if plugin.error and not plugin.disabled:
            print(f"{plugin.name}: {plugin.error}")
    return 1 if broken else 0
