"""AXIOM for Nuke, GUI sessions only: the AXIOM menu (Publish..., Review...).

Nuke runs menu.py after every init.py; plugins/nuke/init.py has put plugins/common on sys.path.
"""

import sys

try:
    import axiom_bootstrap
except ImportError:  # plugins/nuke/init.py could not find AXIOM and has said so already
    pass
else:
    try:
        axiom_bootstrap.nuke_menu()
    except Exception as _error:
        print(f"AXIOM WARNING: AXIOM Publisher not loaded in Nuke: {_error!r}", file=sys.stderr)
