"""Rules about the files themselves: can they be decoded, are they what they claim, names."""

from __future__ import annotations

import re

from axiom_publisher.core.media import MediaFacts, MediaKind, ProblemKind
from axiom_publisher.core.qc import QCCheck, QCSpec, QCStatus
from axiom_publisher.qc.outcome import (
    advisory,
    frames_phrase,
    passed,
    plural,
    problem,
    rule,
    sentence,
    skipped,
)

NOT_MEDIA = "not a media file (only its checksum is recorded)"


@rule("decode")
def check_decode(facts: MediaFacts, spec: QCSpec) -> QCCheck:
    """Fail when a file (or some of its frames) cannot be decoded or the decoder hung."""
    if facts.kind is MediaKind.OTHER:
        return skipped("decode", NOT_MEDIA)
    found = [p for p in facts.problems if p.kind in (ProblemKind.DECODE, ProblemKind.TIMEOUT)]
    if not found:
        if facts.decoded_frames:
            done = f"{plural(facts.decoded_frames, 'frame')} decoded without errors"
            return passed("decode", f"{done}.")
        return passed("decode", "No decode errors were reported.")
    parts = []
    for item in found:
        where = f"{item.path} ({frames_phrase(item.frames)})" if item.frames else item.path
        if item.kind is ProblemKind.TIMEOUT:
            what = "the decoder stopped making progress"
        else:
            what = "cannot be decoded"
        parts.append(f"{where} {what}: {sentence(item.message)}")
    frames = [frame for item in found for frame in item.frames]
    return problem(
        "decode",
        spec,
        f"{plural(len(found), 'decode problem')}: {'; '.join(parts)}. Re-render or re-export "
        "the damaged files (or copy them again if a transfer was interrupted), then publish "
        "again.",
        frames,
    )


@rule("format")
def check_format(facts: MediaFacts, spec: QCSpec) -> QCCheck:
    """Fail when a file's content is not the format its extension says (also for OTHER);
    warn, saying what the content is, when a name has no extension."""
    found = [p for p in facts.problems if p.kind is ProblemKind.FORMAT]
    unnamed = [p for p in facts.problems if p.kind is ProblemKind.EXTENSION]
    if not found and unnamed:
        named = "; ".join(sentence(item.message) for item in unnamed)
        return advisory("format", spec, f"{named}.")
    if not found:
        return passed("format", f"The content matches the .{facts.extension} extension.")
    parts = [f"{item.path}: {sentence(item.message)}" for item in found]
    frames = [frame for item in found for frame in item.frames]
    return problem(
        "format",
        spec,
        f"{plural(len(found), 'file')} {'is' if len(found) == 1 else 'are'} not what the "
        f".{facts.extension} extension says: "
        f"{'; '.join(parts)}. Export again in the format the extension names, or rename "
        "with the extension of the real format, then publish again.",
        frames,
    )


def base_name(name: str) -> str:
    """The last component of a path or sequence pattern (both / and \\ separate)."""
    return re.split(r"[\\/]", name)[-1]


@rule("naming")
def check_naming(facts: MediaFacts, spec: QCSpec) -> QCCheck:
    """The base name of the source must fully match the project's regular expression.

    For a sequence, the name is the pattern analysis reports (e.g. `sh010_plate.####.exr`),
    so a project's pattern must accept that form. Applies to every kind, OTHER included.
    An invalid pattern is always a fail (a broken rule must not wave files through).
    """
    pattern = spec.naming_pattern
    if not pattern:
        return skipped("naming", "the project has no naming rule")
    try:
        compiled = re.compile(pattern)
    except re.error as error:
        return QCCheck(
            "naming",
            QCStatus.FAIL,
            f"The project's naming pattern {pattern!r} is not a valid regular expression "
            f"({error}); fix the qc.naming setting of the project.",
        )
    name = base_name(facts.name)
    if compiled.fullmatch(name) is None:
        return problem(
            "naming",
            spec,
            f"{name!r} does not match the project's naming pattern {pattern!r}; rename the "
            "source to follow the project's naming convention and publish again.",
        )
    return passed("naming", f"{name!r} matches the naming pattern {pattern!r}.")
