"""The publish widget: see axiom_publisher.ui.publish (kept here as the stable import path)."""

from axiom_publisher.ui.publish.widget import PublishWidget

__all__ = ["PublishWidget"]
