"""Rules about the picture and sound format: resolution, rate, aspect, colour, length, audio."""

from __future__ import annotations

from axiom_publisher.core.media import ColourSource, MediaFacts, MediaKind
from axiom_publisher.core.qc import AudioPolicy, QCCheck, QCSpec
from axiom_publisher.qc.file_rules import NOT_MEDIA
from axiom_publisher.qc.outcome import advisory, number, passed, plural, problem, rule, skipped

# Pixel aspect ratios closer than this are the same (headers round them: 0.9 vs 0.9091).
PIXEL_ASPECT_TOLERANCE = 0.001


@rule("resolution")
def check_resolution(facts: MediaFacts, spec: QCSpec) -> QCCheck:
    """Width and height must equal the project's (only the dimensions the spec sets)."""
    if facts.kind is MediaKind.OTHER:
        return skipped("resolution", NOT_MEDIA)
    if spec.width is None and spec.height is None:
        return skipped("resolution", "the project sets no resolution")
    want = f"{spec.width or 'any'}x{spec.height or 'any'}"
    width, height = facts.info.width, facts.info.height
    if (spec.width is not None and width is None) or (spec.height is not None and height is None):
        return advisory(
            "resolution",
            spec,
            f"The resolution could not be read from the file; the project expects {want}. "
            "Check the file in a viewer before it is used.",
        )
    have = f"{width}x{height}"
    if (spec.width is not None and width != spec.width) or (
        spec.height is not None and height != spec.height
    ):
        return problem(
            "resolution",
            spec,
            f"The picture is {have} but the project expects {want}; render or reformat to "
            f"{want} and publish again (or correct the project's resolution if it is wrong).",
        )
    return passed("resolution", f"{have} as the project expects.")


@rule("fps")
def check_fps(facts: MediaFacts, spec: QCSpec) -> QCCheck:
    """The frame rate must be the project's within spec.fps_tolerance (frames per second).

    A movie with a variable frame rate is at least a warning. An image sequence plays at the
    project's rate whatever its files declare, so a sequence that declares another rate is
    only an advisory (its render settings are wrong), and one that declares none is skipped.
    """
    if facts.kind is MediaKind.OTHER:
        return skipped("fps", NOT_MEDIA)
    if facts.kind is MediaKind.STILL:
        return skipped("fps", "a still image has no frame rate")
    if spec.fps is None:
        return skipped("fps", "the project sets no frame rate")
    want = number(spec.fps)
    rate = facts.info.fps
    if rate is None:
        if facts.kind is MediaKind.SEQUENCE:
            return skipped(
                "fps", f"the sequence declares no frame rate; it plays at the project's {want} fps"
            )
        return advisory(
            "fps",
            spec,
            f"The frame rate could not be read from the movie; the project expects {want} fps. "
            "Check it in a player, or re-export it with a constant frame rate.",
        )
    have = number(rate)
    variable = " (variable)" if facts.info.variable_fps else ""
    if abs(rate - spec.fps) > spec.fps_tolerance:
        if facts.kind is MediaKind.SEQUENCE:
            return advisory(
                "fps",
                spec,
                f"The sequence's files declare {have} fps but the project runs at {want} fps; "
                "the frames play at the project's rate, but fix the frame rate in the render "
                "settings so that the metadata agrees.",
            )
        return problem(
            "fps",
            spec,
            f"The movie runs at {have} fps{variable} but the project expects {want} fps "
            f"(tolerance {number(spec.fps_tolerance)}); re-export it at a constant {want} fps "
            "(conform it, do not only relabel it, or its timing will be wrong).",
        )
    if facts.info.variable_fps:
        return advisory(
            "fps",
            spec,
            f"The movie has a variable frame rate (average {have} fps); editorial and review "
            f"need a constant rate: re-export it at a constant {want} fps.",
        )
    return passed("fps", f"{have} fps as the project expects.")


@rule("pixel_aspect")
def check_pixel_aspect(facts: MediaFacts, spec: QCSpec) -> QCCheck:
    """The pixel aspect ratio must be the project's; a file that declares none is square."""
    if facts.kind is MediaKind.OTHER:
        return skipped("pixel_aspect", NOT_MEDIA)
    if spec.pixel_aspect is None:
        return skipped("pixel_aspect", "the project sets no pixel aspect ratio")
    want = number(spec.pixel_aspect)
    declared = facts.info.pixel_aspect
    if declared is None:
        if abs(spec.pixel_aspect - 1.0) <= PIXEL_ASPECT_TOLERANCE:
            return passed("pixel_aspect", "No pixel aspect ratio declared; square pixels.")
        return advisory(
            "pixel_aspect",
            spec,
            f"The file declares no pixel aspect ratio (square pixels are assumed) but the "
            f"project expects {want}; check the desqueeze, and export with a pixel aspect of "
            f"{want} so that viewers show it correctly.",
        )
    have = number(declared)
    if abs(declared - spec.pixel_aspect) > PIXEL_ASPECT_TOLERANCE:
        return problem(
            "pixel_aspect",
            spec,
            f"The pixel aspect ratio is {have} but the project expects {want}; the picture "
            f"would look squeezed or stretched. Render or export with a pixel aspect of {want}.",
        )
    return passed("pixel_aspect", f"Pixel aspect ratio {have} as the project expects.")


def _normal(colorspace: str) -> str:
    return " ".join(colorspace.split()).casefold()


# How to give a colour space by hand, for the advice of the colorspace check.
GIVE_COLOURSPACE = (
    "--colorspace NAME to axiom publish, qc or ingest, or the Colour space field of the Publish tab"
)


def _where(facts: MediaFacts) -> str:
    """ "(from the file's colour tags: primaries bt709, ...)" when the facts say."""
    colour = facts.colour
    if colour is None or colour.source is None:
        return ""
    if colour.source is ColourSource.GIVEN:
        return f" ({colour.found})"
    return f" (from {colour.source.value}: {colour.found})"


@rule("colorspace")
def check_colorspace(facts: MediaFacts, spec: QCSpec) -> QCCheck:
    """The declared colour space must be known, and scene-referred media in the project's.

    Which sources are expected in the project's colour space (its working space, ACEScg by
    default): renders and plates, whose pixels are scene light (linear or log). Display-
    referred media (review movies in Rec.709, sRGB images) are encoded for a screen and are
    never in a scene-linear working space: for them the check asks only that the colour
    space is declared and known. Names compare by the OCIO config's names (publish resolves
    aliases on both sides), then case and spacing do not matter.
    """
    if facts.kind is MediaKind.OTHER:
        return skipped("colorspace", NOT_MEDIA)
    if spec.colorspace is None:
        return skipped("colorspace", "the project sets no colorspace")
    target = spec.colorspace
    if not facts.colorspace or not facts.colorspace.strip():
        found = f"the file has {facts.colour.found}" if facts.colour else "nothing declares one"
        example = target if facts.is_float else None
        if example is None and facts.colour is not None:
            example = facts.colour.suggestion
        hint = f", e.g. --colorspace {example!r}" if example else ""
        return advisory(
            "colorspace",
            spec,
            f"The colour space is unknown ({found}); the project works in {target!r}. Tag "
            f"the file on export (or set the colour space on the write or render node), or "
            f"give it with {GIVE_COLOURSPACE}{hint}.",
        )
    have = f"{facts.colorspace!r}{_where(facts)}"
    if _normal(facts.colorspace) == _normal(target):
        return passed("colorspace", f"{have}, as the project expects.")
    if facts.colour is not None and facts.colour.display_referred:
        return passed(
            "colorspace",
            f"{have}: display-referred media (review or video), in a known colour space; the "
            f"project's {target!r} applies to scene-referred renders and plates.",
        )
    return problem(
        "colorspace",
        spec,
        f"The media is in {have} but the project works in {target!r}; convert it to "
        f"{target!r}, or if the file is only labelled wrong, give its colour space with "
        f"{GIVE_COLOURSPACE}.",
    )


def _duration(facts: MediaFacts, spec: QCSpec) -> tuple[float, str] | None:
    """The length in seconds and how it was found, or None when it cannot be told."""
    if facts.info.duration is not None:
        return facts.info.duration, "from the file's metadata"
    # a sequence lasts its whole frame range (a missing frame is a gap in time, not less time)
    count = facts.info.frame_count
    if facts.frame_range is not None and (count is None or facts.kind is MediaKind.SEQUENCE):
        count = facts.frame_range.count
    if count is None and facts.decoded_frames:
        count = facts.decoded_frames
    rate = facts.info.fps or spec.fps
    if count is None or not rate:
        return None
    return count / rate, f"{plural(count, 'frame')} at {number(rate)} fps"


@rule("duration")
def check_duration(facts: MediaFacts, spec: QCSpec) -> QCCheck:
    """The length (metadata, else frame count / fps) must lie within the spec's window."""
    if facts.kind is MediaKind.OTHER:
        return skipped("duration", NOT_MEDIA)
    if facts.kind is MediaKind.STILL:
        return skipped("duration", "a still image has no duration")
    if spec.min_duration is None and spec.max_duration is None:
        return skipped("duration", "the project sets no duration limits")
    measured = _duration(facts, spec)
    if measured is None:
        return advisory(
            "duration",
            spec,
            "The duration could not be determined (no duration, frame count or frame rate "
            "is known); check the length in a player.",
        )
    seconds, source = measured
    have = f"{number(seconds)} s ({source})"
    if spec.min_duration is not None and seconds < spec.min_duration:
        return problem(
            "duration",
            spec,
            f"The media lasts {have}, shorter than the minimum of {number(spec.min_duration)} "
            "s; check that the whole cut range was rendered or exported.",
        )
    if spec.max_duration is not None and seconds > spec.max_duration:
        return problem(
            "duration",
            spec,
            f"The media lasts {have}, longer than the maximum of {number(spec.max_duration)} "
            "s; trim it to the cut range (with handles) or check the export range.",
        )
    return passed("duration", f"The media lasts {have}, within the project's limits.")


@rule("audio")
def check_audio(facts: MediaFacts, spec: QCSpec) -> QCCheck:
    """Movies must (required) or must not (forbidden) carry audio; image files never do."""
    if facts.kind is MediaKind.OTHER:
        return skipped("audio", NOT_MEDIA)
    if spec.audio is AudioPolicy.ANY:
        return skipped("audio", "the project has no audio rule")
    if facts.kind is not MediaKind.MOVIE:
        return skipped("audio", "image files carry no audio")
    tracks = facts.info.audio
    if spec.audio is AudioPolicy.REQUIRED and not tracks:
        return problem(
            "audio",
            spec,
            "The movie has no audio track but the project requires one; re-export it with "
            "its sound.",
        )
    if spec.audio is AudioPolicy.FORBIDDEN and tracks:
        codecs = ", ".join(sorted({track.codec for track in tracks}))
        return problem(
            "audio",
            spec,
            f"The movie has {plural(len(tracks), 'audio track')} ({codecs}) but the project "
            "forbids audio; re-export it without sound.",
        )
    found = plural(len(tracks), "audio track") if tracks else "no audio"
    return passed("audio", f"The movie has {found}, as the project's audio rule asks.")
