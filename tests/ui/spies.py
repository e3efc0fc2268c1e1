"""Spies for the "no database or media call on the Qt main thread" tests."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

Calls = list[tuple[str, threading.Thread]]


def thread_spy(calls: Calls, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """`function`, recording (name, the calling thread) in `calls` at each call."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls.append((name, threading.current_thread()))
        return function(*args, **kwargs)

    return wrapper
