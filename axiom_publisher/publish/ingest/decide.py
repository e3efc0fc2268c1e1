"""Deciding an analysed ingest item's fate, on the publishing thread, in item order: a
duplicate of content already published (in the project, or earlier in this delivery), a QC
failure (unless [ingest] on_qc_fail = "publish"), PLANNED in a dry run, else published with
the analysis reused. One item's error is its FAILED result, never the run's end.
"""

from __future__ import annotations

from dataclasses import dataclass

from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.errors import CancelledError
from axiom_publisher.core.ingest import IngestItem, IngestPlan, ItemResult, Outcome
from axiom_publisher.core.qc import QCStatus
from axiom_publisher.core.types import PublishItem
from axiom_publisher.db.ingest import published_contents
from axiom_publisher.publish.inspect import Inspection, failed_checks, item_content_hash
from axiom_publisher.publish.service import PublishService


@dataclass(frozen=True, slots=True)
class _Seen:
    """Content already met in this run: the version it was published as, or its item."""

    index: int
    display: str
    version_id: int | None


def skipped(item: IngestItem, reason: str) -> ItemResult:
    return ItemResult(item.index, item.display, item.context, Outcome.SKIPPED, reason)


def refused(item: IngestItem) -> ItemResult:
    """A refused item's result: listed with the reason, never read or published."""
    return ItemResult(item.index, item.display, None, Outcome.REFUSED, item.reason)


def failed(
    item: IngestItem, reason: str, qc: QCStatus | None = None, content_hash: str | None = None
) -> ItemResult:
    return ItemResult(
        item.index, item.display, item.context, Outcome.FAILED, reason, qc=qc,
        content_hash=content_hash,
    )  # fmt: skip


def error_text(item: IngestItem, error: BaseException) -> str:
    text = str(error) or type(error).__name__
    shown = str(item.source.files[0].path) if item.source.files else item.display
    return text if shown in text or item.display in text else f"{shown}: {text}"


class ItemPublisher:
    """Decides each analysed item's fate on the calling thread, in item order."""

    def __init__(
        self,
        service: PublishService,
        plan: IngestPlan,
        *,
        dry_run: bool,
        allow_duplicates: bool,
        cancel: CancelToken,
        run_id: int | None,
        user: str,
    ) -> None:
        self.service = service
        self.plan = plan
        self.dry_run = dry_run
        self.allow_duplicates = allow_duplicates
        self.cancel = cancel
        self.run_id = run_id
        self.user = user
        self.publish_failed_qc = service.settings.ingest.on_qc_fail == "publish"
        self.seen: dict[str, _Seen] = {}

    def decide(self, item: IngestItem, inspection: Inspection) -> ItemResult:
        content = item_content_hash(inspection.primary)
        report = inspection.report
        if content is not None and not self.allow_duplicates:
            duplicate = self._duplicate(item, content)
            if duplicate is not None:
                return duplicate
        if content is not None:
            self.seen.setdefault(content, _Seen(item.index, item.display, None))
        if report.verdict is QCStatus.FAIL and not self.publish_failed_qc:
            checks = failed_checks(report)
            return failed(item, f"QC failed: {checks}", report.verdict, content)
        if self.dry_run:
            return ItemResult(
                item.index, item.display, item.context, Outcome.PLANNED, qc=report.verdict,
                content_hash=content,
            )  # fmt: skip
        return self._publish(item, inspection, content, report.verdict)

    def _duplicate(self, item: IngestItem, content: str) -> ItemResult | None:
        seen = self.seen.get(content)
        version_id = seen.version_id if seen is not None else None
        if version_id is None:
            project = self.plan.project
            published = self.service.database.run(
                lambda s: published_contents(s, project, [content])
            )
            version_id = published.get(content)
        if version_id is not None:
            record = self.service.version(version_id)
            where = f"{record.project}/{record.entity}/{record.task}/{record.product}"
            reason = f"same content as {where} {record.label} (version id {version_id})"
        elif seen is not None:
            reason = f"same content as item {seen.index} ({seen.display})"
        else:
            return None
        return ItemResult(
            item.index,
            item.display,
            item.context,
            Outcome.DUPLICATE,
            reason,
            content_hash=content,
            duplicate_of=version_id,
        )

    def _publish(
        self, item: IngestItem, inspection: Inspection, content: str | None, verdict: QCStatus
    ) -> ItemResult:
        assert item.context is not None
        override = (
            f"[ingest] on_qc_fail = publish (ingest run {self.run_id})"
            if verdict is QCStatus.FAIL
            else None
        )
        publish_item = PublishItem(
            context=item.context,
            sources=(item.source,),
            comment=f"ingested from {self.plan.root / item.display}",
            author=self.user,
            host="ingest",
            qc_override_reason=override,
        )
        try:
            record = self.service.publish(publish_item, cancel=self.cancel, inspection=inspection)
        except CancelledError:
            raise
        except Exception as error:  # one bad item never stops the run
            return failed(item, error_text(item, error), qc=verdict, content_hash=content)
        if content is not None:
            self.seen[content] = _Seen(item.index, item.display, record.id)
        return ItemResult(
            item.index,
            item.display,
            item.context,
            Outcome.PUBLISHED,
            version_id=record.id,
            version_label=record.label,
            qc=verdict,
            content_hash=content,
        )
