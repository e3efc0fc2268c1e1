"""Saying advice once where QC messages are joined.

A check's message is its finding, then its advice, usually ending "... and publish again".
Where several messages are joined (the representations of one check, the failing checks of
a refused publish), that advice must not repeat: `join_findings` says a shared advice once,
`without_publish_again` drops the closing "publish again" so the caller can say it once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_PUBLISH_AGAIN = re.compile(r",?\s+(?:and |then )?publish again(?=\s*[.(;]|$)")
# Advice follows the finding after ". " (before a capital letter: file names and numbers
# have no space after their dots) or after "; ".
_ADVICE_START = re.compile(r"(?:(?<=[.!?])\s+(?=[A-Z])|;\s+)")


def without_publish_again(message: str) -> str:
    """`message` without its "(and|then) publish again" (the caller says it once)."""
    return _PUBLISH_AGAIN.sub("", message)


def split_advice(message: str) -> tuple[str, str]:
    """(finding, advice): the advice is the message's last sentence or `; ` clause."""
    text = message.strip()
    starts = list(_ADVICE_START.finditer(text))
    if not starts:
        return text, ""
    last = starts[-1]
    return text[: last.start()].rstrip(" .;"), text[last.end() :]


def join_findings(labelled: Sequence[tuple[str, str]]) -> str:
    """`name: message` for each pair: names with the same message share it (`a, b: ...`),
    advice the messages share is said once at the end, different advice stays with its
    finding, and only the last says "publish again"."""
    grouped: dict[str, list[str]] = {}
    for name, message in labelled:
        grouped.setdefault(message, []).append(name)
    labelled = [(", ".join(names), message) for message, names in grouped.items()]
    if len(labelled) == 1:
        name, message = labelled[0]
        return f"{name}: {message}"
    parts = [split_advice(message) for _, message in labelled]
    advices = {advice for _, advice in parts}
    if len(advices) == 1 and "" not in advices:
        findings = "; ".join(
            f"{name}: {finding}" for (name, _), (finding, _) in zip(labelled, parts, strict=True)
        )
        advice = advices.pop()
        return f"{findings}. {advice[:1].upper()}{advice[1:]}"
    last = len(labelled) - 1
    return " ".join(
        f"{name}: {message if index == last else without_publish_again(message)}"
        for index, (name, message) in enumerate(labelled)
    )
