"""The viewer's GOP cache: decoded groups of pictures around the playhead, for scrubbing.

A lead in dailies stops on a frame and steps and jumps around it (a few frames, a second or
three either way). A FrameServer reads ahead in the playing direction only, so a jump back
decodes from a keyframe again. A GopCache is a FrameServer (same interface, same single
decode thread owning the one ProxyReader and its reformatter) that, after serving the frame
asked for, fills the whole groups of pictures within `around_seconds` of the playhead, nearest
first, so the next seek nearby is served from memory.

The order of the work for a request at frame i in direction d:

1. frame i itself: decoded from its keyframe (or on from where the decoder stands), converted
   first; the frames of its GOP before i, decoded on the way, are kept undecoded-to-RGB and
   converted right after (nearest first: a step back is then in memory).
2. the read-ahead: `read_ahead` frames in direction d (as a FrameServer plays).
3. the GOPs within `around_seconds` of i, nearest first, whole.

The plan never exceeds the byte budget; its GOPs are protected, and when memory is full the
least recently used other GOP goes (shown or decoded counts as used), so a seek far away
drops the old GOPs. A newer request stops the work in hand at the next frame unless the new
playhead lies in the range being decoded (playing on, stepping back into the held GOP).
Proxies are short-GOP H.264 without B-frames (DESIGN.md section 6), so a GOP is a second or
less of frames decoded in one run.
"""

from __future__ import annotations

import bisect
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from av.video.frame import VideoFrame

from axiom_publisher.media.frame_server import FrameServer
from axiom_publisher.media.reader import RGBFrame

_PLAYING_STEP = 4  # frames: a request this far on from the last one is playing (up to 4x)
Span = tuple[int, int]  # frames start .. stop - 1
Work = tuple[int, int, int | None]  # a span, and the frame in it to convert first (or None)


class GopCache(FrameServer):
    """A FrameServer that keeps the decoded GOPs around the playhead (LRU by GOP)."""

    def __init__(
        self,
        path: Path,
        *,
        cache_bytes: int = 384 * 2**20,
        read_ahead: int = 48,
        around_seconds: float = 3.0,
        listener: Callable[[int], None] | None = None,
    ) -> None:
        self.around_seconds = max(0.0, around_seconds)
        self._gops: OrderedDict[int, set[int]] = OrderedDict()  # keyframe: cached, LRU first
        self._protected: frozenset[int] = frozenset()  # the GOPs of the plan in hand
        self._playing_on = False  # the last request was a step on from the one before
        super().__init__(path, cache_bytes=cache_bytes, read_ahead=read_ahead, listener=listener)
        # The keyframe table, copied: the decode thread alone uses the reader from here on.
        reader = self._reader
        self._keys = sorted({reader.keyframe_before(i) for i in range(self.frame_count)})

    # --- GOPs ---------------------------------------------------------------------------

    def gop_of(self, index: int) -> Span:
        """The GOP holding frame `index`: its keyframe .. the next keyframe (exclusive)."""
        position = bisect.bisect_right(self._keys, index) - 1
        stop = self._keys[position + 1] if position + 1 < len(self._keys) else self.frame_count
        return self._keys[position], stop

    def cached_gops(self) -> list[int]:
        """The keyframes of the GOPs with frames in memory, least recently used first."""
        with self._changed:
            return list(self._gops)

    def request(self, index: int, direction: int = 1) -> None:
        """As FrameServer.request; a request a few frames on from the last one in `direction`
        (playing, stepping) reads ahead only, any other (a seek) fills the GOPs around too."""
        index = min(max(index, 0), self.frame_count - 1)
        with self._changed:
            moved = (index - self._playhead) * (-1 if direction < 0 else 1)
            self._playing_on = self._generation > 0 and 0 < moved <= _PLAYING_STEP
        super().request(index, direction)

    def get(self, index: int, timeout: float | None = None) -> RGBFrame | None:
        frame = super().get(index, timeout)
        if frame is not None:
            with self._changed:
                key = self.gop_of(index)[0]
                if key in self._gops:
                    self._gops.move_to_end(key)
        return frame

    def __enter__(self) -> GopCache:
        return self

    def close(self, wait: bool = True) -> None:
        with self._changed:
            self._gops.clear()
        super().close(wait)

    # --- the decode thread: what to decode, in which order ------------------------------

    def _read_forward(self, index: int) -> None:
        self._serve()

    def _read_backward(self, index: int) -> None:
        self._serve()

    def _serve(self) -> None:
        with self._changed:
            generation, index = self._generation, self._playhead
            direction, playing_on = self._direction, self._playing_on
        plan = self._plan(index, direction, around=not playing_on)
        with self._changed:
            self._protected = frozenset(self.gop_of(start)[0] for start, _, _ in plan)
        for start, stop, first in plan:
            if not self._fill(generation, start, stop, first):
                return
            with self._changed:
                if self._generation != generation:
                    return  # the decode thread's loop serves the newer request

    def _plan(self, index: int, direction: int, around: bool = True) -> list[Work]:
        """The spans to fill for a playhead at `index`, in order, within the byte budget: the
        frame, the read-ahead, and with `around` the GOPs around it (after a seek, half the
        read-ahead forward first, then the GOPs nearest first)."""
        budget = max(1, self.cache_limit // self.frame_bytes)
        key, end = self.gop_of(index)
        spans: list[Span] = []
        if direction > 0:
            ahead = self.read_ahead // 2 if around else self.read_ahead
            spans += self._split(index + 1, min(index + 1 + ahead, self.frame_count))
        else:
            lowest = max(index - self.read_ahead, 0)
            below = key
            while below > lowest:
                start, stop = self.gop_of(below - 1)
                spans.append((max(start, lowest), stop))
                below = start
            spans.append((index + 1, end))
        frames = round(self.around_seconds * (self.fps or 24.0)) if around else 0
        low, high = max(index - frames, 0), min(index + frames, self.frame_count - 1)
        gops = [self.gop_of(low)] + [self.gop_of(k) for k in self._keys if low < k <= high]

        def distance(span: Span) -> tuple[int, int]:
            start, stop = span
            ahead = start > index
            gap = start - index if ahead else max(index - (stop - 1), 0)
            return gap, 0 if ahead == (direction > 0) else 1

        spans += sorted(gops, key=distance) if around else []
        if direction > 0:
            spans += self._split(index + 1, min(index + 1 + self.read_ahead, self.frame_count))
        plan: list[Work] = [(max(key, index - budget + 1), index + 1, index)]
        planned = set(range(plan[0][0], index + 1))
        for start, stop in spans:
            new = [i for i in range(start, stop) if i not in planned]
            room = budget - len(planned)
            if not new:
                continue
            if room <= 0:
                break
            if len(new) > room:  # the part nearest the playhead, and the plan is full
                new = new[:room] if new[0] > index else new[-room:]
            plan.append((new[0], new[-1] + 1, None))
            planned.update(range(new[0], new[-1] + 1))
        return plan

    def _split(self, start: int, stop: int) -> list[Span]:
        """start .. stop - 1 cut at the GOP boundaries."""
        spans = []
        while start < stop:
            end = min(self.gop_of(start)[1], stop)
            spans.append((start, end))
            start = end
        return spans

    def _fill(self, generation: int, start: int, stop: int, first: int | None) -> bool:
        """Decode the missing frames of start .. stop - 1 in one run and cache them; `first`
        is converted before the frames preceding it (kept decoded meanwhile). False when the
        work was abandoned or the cache is full of nearer frames."""
        missing = [i for i in range(start, stop) if not self._has(i)]
        if not missing:
            return True
        wanted = set(missing)
        held: list[tuple[int, VideoFrame]] = []
        # Checked after each frame is kept, before the next is decoded: a frame decoded and
        # dropped would cost a seek back to its keyframe when asked for again.
        for index, frame in self._reader.decoded(missing[0], missing[-1] + 1):
            if first is not None and index < first:
                if index in wanted:
                    held.append((index, frame))  # decoded on the way to `first`
            elif index in wanted and not self._store(index, self._reader.rgb(frame)):
                return False
            if index < missing[-1] and self._stale(generation, start, stop):
                return False
        for index, frame in reversed(held):  # nearest the playhead first
            if not self._store(index, self._reader.rgb(frame)):
                return False
            if self._stale(generation, start, stop):
                return False
        return True

    def _stale(self, generation: int, start: int, stop: int) -> bool:
        """The span in hand is no longer wanted: closing, or a newer request whose playhead
        lies outside it."""
        with self._changed:
            if self._closing:
                return True
            return self._generation != generation and not start <= self._playhead < stop

    # --- memory -------------------------------------------------------------------------

    def _store(self, index: int, frame: RGBFrame) -> bool:
        """Cache `frame`, evicting least recently used GOPs outside the plan; False (not
        cached) when only nearer frames are left to evict."""
        frame.flags.writeable = False  # shared by every caller of get()
        key = self.gop_of(index)[0]
        with self._changed:
            if self._closing:
                return False
            while self._used + frame.nbytes > self.cache_limit and self._frames:
                victim = next(
                    (gop for gop in self._gops if gop != key and gop not in self._protected),
                    None,
                )
                if victim is not None:
                    for dropped in self._gops.pop(victim):
                        self._used -= self._frames.pop(dropped).nbytes
                    continue
                farthest = max(self._frames, key=lambda i: abs(i - self._playhead))
                if index != self._playhead and abs(farthest - self._playhead) <= abs(
                    index - self._playhead
                ):
                    return False
                self._drop(farthest)
            self._frames[index] = frame
            self._used += frame.nbytes
            self._gops.setdefault(key, set()).add(index)
            self._gops.move_to_end(key)
            self._changed.notify_all()
        if self.listener is not None:
            self.listener(index)
        return True

    def _drop(self, index: int) -> None:
        """Evict one frame (called with the lock held)."""
        self._used -= self._frames.pop(index).nbytes
        key = self.gop_of(index)[0]
        members = self._gops.get(key)
        if members is not None:
            members.discard(index)
            if not members:
                del self._gops[key]
