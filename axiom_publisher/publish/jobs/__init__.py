"""Farm jobs of the publish layer: each job kind is a plain function a worker imports.

- publish_item: one publish (analyse, QC, reserve, stage, commit), exactly once.
- control: list, cancel and retry recorded jobs (the CLI and the app's Farm panel).
- runner: the frame every kind runs in (claim, visibility checks, progress, cancel, end).
"""

from axiom_publisher.publish.jobs.control import (
    cancel_job,
    get_job,
    list_jobs,
    lost_job,
    retry_job,
)
from axiom_publisher.publish.jobs.publish_item import (
    PUBLISH_KIND,
    PublishRequest,
    record_publish_job,
    run_publish_job,
)
from axiom_publisher.publish.jobs.runner import worker_host

__all__ = [
    "PUBLISH_KIND",
    "PublishRequest",
    "cancel_job",
    "get_job",
    "list_jobs",
    "lost_job",
    "record_publish_job",
    "retry_job",
    "run_publish_job",
    "worker_host",
]
