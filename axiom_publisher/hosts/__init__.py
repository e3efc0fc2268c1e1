"""Host adapters: one per DCC, the only modules that import `nuke`, `maya` or `hou`.

`get_host(name)` imports the adapter's module only when it is asked for, so that the
standalone app never imports a DCC module (and a DCC never imports another's).
"""

from __future__ import annotations

import importlib

from axiom_publisher.core.errors import HostError
from axiom_publisher.core.host import Host

# name -> (module, class); the module is imported on first use
_ADAPTERS: dict[str, tuple[str, str]] = {
    "standalone": ("axiom_publisher.hosts.standalone", "StandaloneHost"),
    "nuke": ("axiom_publisher.hosts.nuke", "NukeHost"),
    "maya": ("axiom_publisher.hosts.maya", "MayaHost"),
    "houdini": ("axiom_publisher.hosts.houdini", "HoudiniHost"),
}
HOST_NAMES: tuple[str, ...] = tuple(_ADAPTERS)


def get_host(name: str) -> Host:
    """A new adapter for the host `name` ("standalone", "nuke", "maya" or "houdini").

    HostError when the name is unknown or the host's Python module cannot be imported here
    (asking for "nuke" outside Nuke, for instance).
    """
    key = name.strip().lower()
    if key not in _ADAPTERS:
        raise HostError(f"unknown host {name!r}: use one of {', '.join(HOST_NAMES)}")
    module_name, class_name = _ADAPTERS[key]
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise HostError(
            f"the {key} adapter cannot load here ({error}); run it inside {key.capitalize()}"
        ) from error
    host: Host = getattr(module, class_name)()
    return host
