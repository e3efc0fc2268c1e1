"""`axiom verify`: a published version whose folder is in the quarantine.

An older AXIOM quarantined the folder of a version whose commit reply was lost, though the
database had published it. verify reports such a version ("quarantined") and `--repair`
moves the quarantined copy back when every recorded file is in it unchanged.
"""

from __future__ import annotations

from axiom_publisher.core.errors import AxiomError
from axiom_publisher.core.types import VerifyProblem, VerifyReport, VersionRecord
from axiom_publisher.storage import PublishLayout
from axiom_publisher.storage.restore import find_quarantined, restore_folder


def check_quarantined(
    layout: PublishLayout, record: VersionRecord, report: VerifyReport, *, repair: bool
) -> None:
    """Report (and with `repair` restore) the folder of the published `record` (paths
    relative to the root) when it is missing and a complete copy is in the quarantine."""
    folder = str(record.path)
    if layout.resolve(folder).exists():
        return
    files = [(str(file.path), file.size, file.sha256) for file in record.files]
    copy = find_quarantined(layout, folder, files)
    if copy is None:
        return  # its files are reported missing
    problem = VerifyProblem(
        kind="quarantined",
        path=str(layout.resolve(folder)),
        message=f"the folder of published version {record.label} is in the quarantine "
        f"at {copy}; `axiom verify --repair` moves it back",
        version_id=record.id,
    )
    if repair:
        try:
            restored = restore_folder(layout, copy, folder)
        except AxiomError as error:
            problem = VerifyProblem(
                kind="quarantined", path=problem.path, message=str(error), version_id=record.id
            )
        else:
            report.repairs.append(f"moved {copy} back to {restored}")
            problem = VerifyProblem(
                kind="quarantined",
                path=problem.path,
                message=problem.message,
                version_id=record.id,
                repaired=True,
            )
    report.problems.append(problem)
