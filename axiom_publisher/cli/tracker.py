"""`axiom tracker sync --project P`: the production tracker's plan into a project.

Without --dry-run it applies, in one transaction, what a dry run prints: new sequences and
assets, shots (new / changed frame range / omitted, the editorial import's report), the
tracker's task types and its tasks with status and assignees. Credentials come from the
environment or the OS keyring (axiom_publisher.tracker.credentials), never from a flag.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from axiom_publisher.cli.common import Parser, add_json, print_json
from axiom_publisher.cli.editorial import report_text, result_json
from axiom_publisher.cli.tracker_outbox import cmd_outbox, register_outbox
from axiom_publisher.config import Settings
from axiom_publisher.core.editorial import EditorialResult
from axiom_publisher.core.tracker_plan import TaskRecord, TrackerPlan


def register(commands: Any) -> None:
    """Add `tracker sync`, `push`, `status` and `retry` to the `axiom` subcommands."""
    tracker = commands.add_parser("tracker", help="the production tracker (Kitsu)")
    actions = tracker.add_subparsers(dest="action", required=True, parser_class=Parser)
    sync = actions.add_parser(
        "sync",
        help="bring in the tracker's sequences, shots, assets and tasks",
        description="Read the tracker project mapped to the AXIOM project ([tracker.projects."
        "CODE] name) and bring in its sequences, shots (frame in/out, handles), assets, task "
        "types and tasks with assignees. Login: AXIOM_TRACKER_USER and AXIOM_TRACKER_PASSWORD "
        "(or AXIOM_TRACKER_TOKEN), or the OS keyring.",
    )
    sync.add_argument("--project", required=True, help="the AXIOM project")
    sync.add_argument("--dry-run", action="store_true", help="print the changes, write nothing")
    sync.add_argument(
        "--remove-omitted",
        action="store_true",
        help="delete shots the tracker no longer has, if they have no versions",
    )
    add_json(sync)
    register_outbox(actions)
    tracker.set_defaults(handler=cmd_tracker)


def cmd_tracker(args: argparse.Namespace, settings: Settings) -> int:
    if args.action != "sync":
        return cmd_outbox(args, settings)
    from axiom_publisher.publish.tracker.sync import (
        SyncResult,
        apply_sync,
        plan_sync,
        read_tracker,
    )
    from axiom_publisher.tracker import open_tracker, tracker_credentials

    tracker = open_tracker(settings.tracker, tracker_credentials(os.environ, settings.tracker.url))
    snapshot = read_tracker(settings, args.project, tracker)
    source = f"{tracker.url} project {snapshot.project.name!r}"
    plan = plan_sync(settings, args.project, snapshot, source)
    if args.dry_run:
        result = SyncResult(plan, False, EditorialResult(plan=plan.shots, applied=False))
    else:
        result = apply_sync(settings, plan, snapshot, source, remove_omitted=args.remove_omitted)
    if args.json:
        print_json(sync_json(result.plan, result.shots))
    else:
        print(sync_text(result.plan, result.shots))
    return 0


def _task_json(task: TaskRecord) -> dict[str, Any]:
    return {
        "entity": task.entity,
        "id": task.tracker_id,
        "task_type": task.task_type,
        "status": task.status,
        "assignees": list(task.assignees),
    }


def sync_json(plan: TrackerPlan, shots: EditorialResult) -> dict[str, Any]:
    return {
        "project": plan.project,
        "tracker_project": plan.tracker_project,
        "applied": shots.applied,
        "sequences": {"new": list(plan.new_sequences)},
        "assets": {"new": list(plan.new_assets)},
        "shots": result_json(shots),
        "task_types": list(plan.task_types),
        "task_names": dict(plan.task_names),  # task type -> the AXIOM task it publishes into
        "unknown_people": dict(plan.unknown_people),  # config key -> a person Kitsu lacks
        "tasks": {
            "counts": {
                "new": len(plan.new_tasks),
                "changed": len(plan.changed_tasks),
                "omitted": len(plan.omitted_tasks),
                "total": len(plan.tasks),
            },
            "new": [_task_json(t) for t in plan.new_tasks],
            "changed": [
                {"old": _task_json(c.old), "new": _task_json(c.new)} for c in plan.changed_tasks
            ],
            "omitted": [_task_json(t) for t in plan.omitted_tasks],
        },
    }


def _task_line(word: str, task: TaskRecord) -> str:
    who = ", ".join(task.assignees) or "nobody"
    return f"{word:10} {task.entity:12} {task.task_type:14} {task.status:22} {who}"


def _type_text(plan: TrackerPlan, task_type: str) -> str:
    """ "Compositing", or "Compositing (task comp)" when [tracker.tasks] names it otherwise."""
    task = dict(plan.task_names).get(task_type)
    return f"{task_type} (task {task})" if task and task != task_type else task_type


def sync_text(plan: TrackerPlan, shots: EditorialResult) -> str:
    lines = [f"{plan.project} <- tracker project {plan.tracker_project!r}"]
    lines += [f"new        sequence {name}" for name in plan.new_sequences]
    lines += [f"new        asset {name}" for name in plan.new_assets]
    lines.append(
        report_text(shots).replace("add --apply to apply", "sync without --dry-run to apply")
    )
    lines += [_task_line("new task", task) for task in plan.new_tasks]
    lines += [_task_line("changed", change.new) for change in plan.changed_tasks]
    lines += [_task_line("omitted", task) for task in plan.omitted_tasks]
    lines.append(
        f"tasks: {len(plan.new_tasks)} new, {len(plan.changed_tasks)} changed, "
        f"{len(plan.omitted_tasks)} omitted ({len(plan.tasks)} on the tracker; task types: "
        f"{', '.join(_type_text(plan, name) for name in plan.task_types) or 'none'})"
    )
    lines += [
        f"warning: {key} = {person!r} is no person on the tracker (My tasks finds nothing "
        "for that login and its comments stay the API user's)"
        for key, person in plan.unknown_people
    ]
    return "\n".join(lines)
