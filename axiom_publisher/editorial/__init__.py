"""editorial layer (see ../shared/DESIGN.md section 2): reading edits with OpenTimelineIO.

The only package that imports `opentimelineio`: `read_edit(path, fps)` turns an OTIO file
or a CMX 3600 EDL into a core `Edit`. Beside media, storage and db; no database, no media.
"""

from axiom_publisher.editorial.reader import EDIT_SUFFIXES, read_edit

__all__ = ["EDIT_SUFFIXES", "read_edit"]
