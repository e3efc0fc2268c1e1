"""AXIOM for Nuke, every session (GUI and `nuke -t`): paths and the Qt binding only.

Runs because this folder is on NUKE_PATH (studio) or added by the block `axiom-install` writes
into ~/.nuke/init.py. The work is in plugins/common/axiom_bootstrap.py; nothing here may stop
Nuke from starting.
"""

import sys

try:
    import os

    _root = os.environ.get("AXIOM_ROOT")
    if not _root:  # beside this file (hosts that run it without __file__ need AXIOM_ROOT)
        _root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    _common = os.path.join(os.path.abspath(_root), "plugins", "common")
    if _common not in sys.path:
        sys.path.append(_common)
    import axiom_bootstrap

    axiom_bootstrap.nuke_init()
except Exception as _error:
    print(f"AXIOM WARNING: AXIOM Publisher not loaded in Nuke: {_error!r}", file=sys.stderr)
