"""Technical QC: pure functions from media facts and the project spec to a QC report.

`evaluate(facts, spec)` runs every rule of RULES (see qc.rules) on one representation, or on
several and merges them: one check per id, the worst status, the messages of each
representation prefixed with its name, the frames united. Imports core only.
"""

from __future__ import annotations

from collections.abc import Sequence

from axiom_publisher.core.media import MediaFacts
from axiom_publisher.core.qc import CHECK_IDS, QCCheck, QCReport, QCSpec, QCStatus
from axiom_publisher.qc.advice import join_findings
from axiom_publisher.qc.rules import DEFAULT_SEVERITY, RULES, Rule, severity

__all__ = ["DEFAULT_SEVERITY", "RULES", "Rule", "evaluate", "merge_checks", "severity"]

# Among equal ranks, a check that ran (pass) says more than one that did not (skip).
_ORDER = {QCStatus.SKIP: 0, QCStatus.PASS: 1, QCStatus.WARN: 2, QCStatus.FAIL: 3}


def _validate(spec: QCSpec) -> None:
    unknown = sorted(set(spec.severity) - set(CHECK_IDS))
    if unknown:
        raise ValueError(
            f"QCSpec.severity names unknown checks {', '.join(unknown)}; "
            f"valid checks: {', '.join(CHECK_IDS)}"
        )
    for check_id, status in spec.severity.items():
        if not isinstance(status, QCStatus):
            raise ValueError(f"QCSpec.severity[{check_id!r}]={status!r} is not a QCStatus")


def merge_checks(checks: Sequence[QCCheck], names: Sequence[str]) -> QCCheck:
    """One check from the same check of several representations (`names` label them).

    The status is the worst; the message joins the messages of the representations that
    found something (all of them when none did), each as `name: message`; frames are united.
    """
    if not checks or len(checks) != len(names):
        raise ValueError("merge_checks needs one name per check and at least one check")
    if len(checks) == 1:
        return checks[0]
    worst = max((check.status for check in checks), key=_ORDER.__getitem__)
    pairs = list(zip(names, checks, strict=True))
    found = [pair for pair in pairs if pair[1].status.rank > QCStatus.PASS.rank]
    if found:  # their advice is said once
        message = join_findings([(name, check.message) for name, check in found])
    else:
        message = " ".join(f"{name}: {check.message}" for name, check in pairs)
    frames = tuple(sorted({frame for check in checks for frame in check.frames}))
    return QCCheck(checks[0].id, worst, message, frames)


def evaluate(facts: MediaFacts | Sequence[MediaFacts], spec: QCSpec) -> QCReport:
    """Run every rule on each representation and merge them into one deterministic report.

    Raises ValueError for an empty list of representations or an unknown check id in
    spec.severity (a programming error: config validates what users write).
    """
    representations = [facts] if isinstance(facts, MediaFacts) else list(facts)
    if not representations:
        raise ValueError("evaluate needs the facts of at least one representation")
    _validate(spec)
    names = [item.name for item in representations]
    checks = []
    for check in RULES.values():
        results = [check(item, spec) for item in representations]
        checks.append(merge_checks(results, names))
    return QCReport(tuple(checks))
