"""axiom-install: registers AXIOM Publisher with Nuke, Maya and Houdini and builds the per-ABI
vendor folders the DCC bootstraps (plugins/) put on sys.path.

`python -m installer COMMAND` from a checkout, or the `axiom-install` entry point:

- `install | uninstall --host nuke|maya|houdini|all --scope user|studio [--dry-run]`
- `env`: the environment variables a studio sets instead of installing per user
- `doctor`: checks registrations and vendor folders and says what to fix
- `vendor --python 3.11 --platform manylinux_2_28_x86_64`: builds vendor/py311-<platform>/

Standard library only (it runs from any Python 3.10+, also a DCC's own interpreter).
"""

from __future__ import annotations

HOSTS = ("nuke", "maya", "houdini")
MARKER = "axiom-install"  # every file or block the installer writes carries it
