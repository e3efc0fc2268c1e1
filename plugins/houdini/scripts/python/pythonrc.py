"""AXIOM for Houdini: paths and the Qt binding in every session (hython too); in graphical
sessions the AXIOM menu is installed deferred, once the UI is ready.

Houdini runs every scripts/python/pythonrc.py on HOUDINI_PATH; the axiom.json package puts
plugins/houdini there and sets AXIOM_ROOT. Nothing here may stop Houdini from starting.
"""

import sys

try:
    import os

    _root = os.environ.get("AXIOM_ROOT")
    if not _root:  # beside this file (hosts that run it without __file__ need AXIOM_ROOT)
        _root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..")
    _common = os.path.join(os.path.abspath(_root), "plugins", "common")
    if _common not in sys.path:
        sys.path.append(_common)
    import axiom_bootstrap

    axiom_bootstrap.houdini_pythonrc()
except Exception as _error:
    print(f"AXIOM WARNING: AXIOM Publisher not loaded in Houdini: {_error!r}", file=sys.stderr)
