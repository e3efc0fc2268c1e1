"""Run one plugin hook under a time limit: what it returns, or PluginFailure naming it.

A hook runs in a daemon thread; the caller waits at most the limit. Python cannot stop a
thread, so a hung hook is left behind (it holds no AXIOM state: it got frozen values) and
the caller goes on with the outcome the API states for that hook.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar, cast

from axiom_publisher.core.errors import PluginFailure

T = TypeVar("T")


@dataclass(slots=True)
class _Box(Generic[T]):
    value: T | None = None
    error: BaseException | None = None


def guarded(plugin: str, hook: str, call: Callable[[], T], timeout: float) -> T:
    """`call()` in a daemon thread; PluginFailure when it raises or outlasts `timeout`."""
    box: _Box[T] = _Box()

    def run() -> None:
        try:
            box.value = call()
        except BaseException as error:  # noqa: BLE001 - a plugin's error is reported, not raised here
            box.error = error

    thread = threading.Thread(target=run, name=f"axiom-plugin-{plugin}-{hook}", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise PluginFailure(plugin, hook, f"did not finish within {timeout:g} s")
    if box.error is not None:
        raise PluginFailure(plugin, hook, describe(box.error)) from box.error
    return cast(T, box.value)  # set by the call, which returned


def describe(error: BaseException) -> str:
    """`ValueError: the reason` (the error's first line)."""
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__
