"""`axiom editorial import EDIT --project P`: shots from an OTIO timeline or a CMX 3600 EDL.

Without --apply it prints what the import would change (new shots, changed cuts with the old
and new range, omitted shots, unchanged ones) and writes nothing; with --apply it applies
all of it in one transaction and prints the same report.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from axiom_publisher.cli.common import Parser, add_json, local_path, print_json
from axiom_publisher.config import Settings
from axiom_publisher.core.editorial import CutShot, EditorialPlan, EditorialResult, ShotCut
from axiom_publisher.core.errors import BadInputError


def register(commands: Any) -> None:
    """Add `editorial import` to the `axiom` subcommands."""
    editorial = commands.add_parser("editorial", help="shots and cut ranges from the edit")
    actions = editorial.add_subparsers(dest="action", required=True, parser_class=Parser)
    importing = actions.add_parser(
        "import",
        help="create/update shots from an OTIO file or EDL (a dry run unless --apply)",
        description="Read an OpenTimelineIO file (.otio, .otioz) or a CMX 3600 EDL (.edl, at "
        "the project's frame rate); clip names give shot codes ([editorial] shot_pattern). "
        "Cut in = the project's first frame (1001), cut out = cut in + duration - 1.",
    )
    importing.add_argument("file", type=Path, metavar="FILE")
    importing.add_argument("--project", required=True, help="the project the shots are for")
    importing.add_argument(
        "--handles", type=int, metavar="N", help="handles of every shot (default: the project's)"
    )
    importing.add_argument("--apply", action="store_true", help="write the changes")
    importing.add_argument(
        "--remove-omitted",
        action="store_true",
        help="with --apply: delete shots the edit no longer uses, if they have no versions",
    )
    add_json(importing)
    editorial.set_defaults(handler=cmd_editorial)


def cmd_editorial(args: argparse.Namespace, settings: Settings) -> int:
    # Imported here: OpenTimelineIO and its adapters load only for this command.
    from axiom_publisher.publish.editorial import apply_plan, plan_edit_file

    if args.remove_omitted and not args.apply:
        raise BadInputError("axiom editorial import: --remove-omitted needs --apply")
    edit = local_path(settings, args.file)  # typed in any platform's form ([roots])
    plan = plan_edit_file(settings, args.project, edit, handles=args.handles)
    result = (
        apply_plan(settings, plan, remove_omitted=args.remove_omitted)
        if args.apply
        else EditorialResult(plan=plan, applied=False)
    )
    if args.json:
        print_json(result_json(result))
    else:
        print(report_text(result))
    return 0


# -- output -------------------------------------------------------------------------------


def _shot_json(shot: CutShot) -> dict[str, Any]:
    return {
        "code": shot.code,
        "cut_in": shot.cut_in,
        "cut_out": shot.cut_out,
        "handles": shot.handles,
        "duration": shot.duration,
        "clips": list(shot.clips),
        "record_in": shot.record_in,
        "source_in": shot.source_in,
        "source_out": shot.source_out,
    }


def _cut_json(cut: ShotCut) -> dict[str, Any]:
    return {"cut_in": cut.cut_in, "cut_out": cut.cut_out, "handles": cut.handles}


def result_json(result: EditorialResult) -> dict[str, Any]:
    plan = result.plan
    return {
        "project": plan.project,
        "source": plan.source,
        "applied": result.applied,
        "counts": _counts(plan),
        "new": [_shot_json(shot) for shot in plan.new],
        "changed": [
            {"code": c.code, "old": _cut_json(c.old), "new": _shot_json(c.new)}
            for c in plan.changed
        ],
        "omitted": [
            {
                "code": s.code,
                **_cut_json(s),
                "versions": s.versions,
                "removed": s.code in result.removed,
            }
            for s in plan.omitted
        ],
        "unchanged": [_shot_json(shot) for shot in plan.unchanged],
        "unmatched_clips": list(plan.unmatched),
        "skipped_clips": [
            {"name": c.name, "edit": c.edit, "record_in": c.record_in, "reason": c.reason}
            for c in plan.skipped
        ],
    }


def _counts(plan: EditorialPlan) -> dict[str, int]:
    return {
        "new": len(plan.new),
        "changed": len(plan.changed),
        "omitted": len(plan.omitted),
        "unchanged": len(plan.unchanged),
        "unmatched_clips": len(plan.unmatched),
        "skipped_clips": len(plan.skipped),
    }


def _handles(handles: int | None) -> str:
    return "-" if handles is None else str(handles)


def _omitted_line(shot: ShotCut, result: EditorialResult) -> str:
    if shot.code in result.removed:
        fate = "removed"
    elif shot.versions:
        fate = f"kept: {shot.versions} version(s)"
    else:
        fate = "kept" if result.applied else "no versions"
    return f"omitted    {shot.code:12} {shot.range_text:>11}  ({fate})"


def report_text(result: EditorialResult) -> str:
    plan = result.plan
    lines = [f"{plan.project} <- {plan.source}: {len(plan.shots)} shot(s) in the edit"]
    for shot in plan.new:
        lines.append(
            f"new        {shot.code:12} {shot.cut_in}-{shot.cut_out:<6} handles {shot.handles}"
            f"  rec {shot.record_in}  {', '.join(shot.clips)}"
        )
    for change in plan.changed:
        old, new = change.old, change.new
        handles = (
            f"handles {_handles(old.handles)} -> {new.handles}"
            if old.handles != new.handles
            else f"handles {new.handles}"
        )
        lines.append(
            f"changed    {change.code:12} {old.range_text:>11} -> {new.cut_in}-{new.cut_out}"
            f"  {handles}"
        )
    lines += [_omitted_line(shot, result) for shot in plan.omitted]
    if plan.unmatched:
        lines.append(f"unmatched clips (no shot code): {', '.join(plan.unmatched)}")
    lines += [
        f"skipped    {clip.name}  rec {clip.record_in}  in {clip.edit}: {clip.reason}"
        for clip in plan.skipped
    ]
    counts = _counts(plan)
    lines.append(
        f"{counts['new']} new, {counts['changed']} changed, {counts['omitted']} omitted, "
        f"{counts['unchanged']} unchanged"
        + (f", {counts['skipped_clips']} clip(s) skipped" if plan.skipped else "")
    )
    if not result.applied:
        lines.append("dry run: nothing written; add --apply to apply these changes")
    elif result.removed:
        lines.append(f"applied; removed {len(result.removed)} omitted shot(s) without versions")
    else:
        lines.append("applied")
    return "\n".join(lines)
