"""The versions browser: project -> shot/asset -> product tree and a versions table.

Everything it shows is loaded in WorkerPool jobs (loaders.py) that open their own database;
the item models (models.py) are thin adapters over the core dataclass lists they return.
"""

from axiom_publisher.ui.browser.widget import VersionsBrowser

__all__ = ["VersionsBrowser"]
