"""The publish widget (issue 4): context pickers, items with their analysis and QC, publish.

`PublishWidget` is the entry point (also importable as `axiom_publisher.ui.publish_widget`).
Every database query, analysis and publish runs in a `WorkerPool` job (`jobs`); the models
(`items_model`, `checks_panel`) are thin adapters over core dataclasses.
"""
