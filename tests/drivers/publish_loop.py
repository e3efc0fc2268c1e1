"""Test driver run as its own OS process: publish one source COUNT times.

    python -m tests.drivers.publish_loop DB_URL ROOT SOURCE COUNT PRODUCT

Every progress event is printed as a line (`phase done total`) and every finished publish
as `published N`, flushed at once, so that a test can kill the process at a chosen point.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from axiom_publisher.config import load_settings
from axiom_publisher.core.types import ProgressEvent, PublishContext, PublishItem
from axiom_publisher.publish.service import PublishService
from axiom_publisher.publish.sources import resolve_source


def _print_event(event: ProgressEvent) -> None:
    print(f"{event.phase} {event.done} {event.total}", flush=True)


def main(argv: list[str]) -> int:
    db_url, root, source, count, product = argv
    settings = load_settings(db_url=db_url, publish_root=Path(root))
    with PublishService.open(settings) as service:
        for index in range(int(count)):
            item = PublishItem(
                context=PublishContext("proj", "sh010", "main", product),
                sources=(resolve_source(source),),
                comment=f"process {os.getpid()} publish {index}",
                host="test-driver",
            )
            record = service.publish(item, _print_event)
            print(f"published {record.number}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
