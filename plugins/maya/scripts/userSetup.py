"""AXIOM for Maya: the AXIOM menu, built deferred once Maya's UI is up; skipped in batch mode.

Maya runs every userSetup.py on its script path; axiom.mod puts this folder there and sets
AXIOM_ROOT. The work is in plugins/common/axiom_bootstrap.py; nothing here may stop Maya.
"""

import sys

try:
    import os

    _root = os.environ.get("AXIOM_ROOT")
    if not _root:  # beside this file (hosts that run it without __file__ need AXIOM_ROOT)
        _root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..")
    _common = os.path.join(os.path.abspath(_root), "plugins", "common")
    if _common not in sys.path:
        sys.path.append(_common)
    import axiom_bootstrap

    axiom_bootstrap.maya_user_setup()
except Exception as _error:
    print(f"AXIOM WARNING: AXIOM Publisher not loaded in Maya: {_error!r}", file=sys.stderr)
