"""Studio plugins (core.plugin documents the API): found once per process, run by the
publish service at four points, each contained.

- validate: `ItemValidation` feeds the analysis pass's frames to pixel checks and turns
  findings into QC checks (with `[plugins] severity` overrides); a failure is a failing
  check `plugin.<NAME>`;
- pre_commit: `PluginSet.pre_commit` refuses the publish before anything is reserved;
- post_publish / post_review: side effects after the commit; a failure is a warning.
"""

from __future__ import annotations

import dataclasses
import logging
import sys
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from axiom_publisher.config import Settings
from axiom_publisher.config.plugins import PluginSettings
from axiom_publisher.core.errors import ConfigError, PluginFailure, PluginRefusedError
from axiom_publisher.core.plugin import Finding, FrameCheck, ItemInfo, Refusal
from axiom_publisher.core.qc import QCCheck, QCReport, QCStatus
from axiom_publisher.core.review import ReviewNote
from axiom_publisher.core.types import PublishContext, PublishItem, Source, VersionRecord
from axiom_publisher.publish.plugins.frames import FrameFeed
from axiom_publisher.publish.plugins.guard import guarded
from axiom_publisher.publish.plugins.loader import LoadedPlugin, discover

__all__ = [
    "ItemValidation",
    "LoadedPlugin",
    "PluginChecks",
    "PluginSet",
    "item_info",
    "plugins_for",
]

LOAD_CHECK = "plugins.load"
log = logging.getLogger(__name__)


def _call(plugin: LoadedPlugin, hook: str, *args: Any) -> Any:
    return plugin.hook(hook)(*args)


def _failed(plugin: LoadedPlugin, failure: PluginFailure) -> QCCheck:
    return QCCheck(
        f"plugin.{plugin.name}",
        QCStatus.FAIL,
        f"the studio plugin {plugin.name} ({plugin.origin}) failed in validate: "
        f"{failure.reason}; its checks did not run. Ask your pipeline team to fix it or to "
        'list it in [plugins] disabled, then publish again (or --allow-qc-fail "reason")',
    )


@dataclass(frozen=True, slots=True)
class PluginChecks:
    """What the plugins found for an item: `context` from findings validate returned at
    once (names: checked again when the context changes), `pixels` from its FrameChecks
    (kept: the frames are not decoded again)."""

    context: tuple[QCCheck, ...] = ()
    pixels: tuple[QCCheck, ...] = ()

    @property
    def all(self) -> tuple[QCCheck, ...]:
        return self.context + self.pixels


class ItemValidation:
    """The validate hooks of every active plugin for one item: `on_frame` is the analysis
    pass's frame observer, `finish()` the checks they give. With `frames=False` (the
    context changed after the analysis) the FrameChecks are dropped unfed."""

    def __init__(
        self, plugins: PluginSet, item: ItemInfo, project: str | None, frames: bool = True
    ) -> None:
        self.plugins = plugins
        self.severity = plugins.settings.severity_for(project)
        self.context: list[QCCheck] = [
            QCCheck(
                LOAD_CHECK,
                self.severity.get(LOAD_CHECK, QCStatus.WARN),
                f"the studio plugin {plugin.name} ({plugin.origin}) is not run: {plugin.error}",
            )
            for plugin in plugins.plugins
            if plugin.error is not None and not plugin.disabled
        ]
        self.feeds: list[tuple[LoadedPlugin, FrameFeed]] = []
        for plugin in plugins.with_hook("validate"):
            info = plugins.info_for(plugin, item)
            try:
                result = guarded(
                    plugin.name, "validate", partial(_call, plugin, "validate", info),
                    plugins.settings.timeout,
                )  # fmt: skip
            except PluginFailure as failure:
                self.context.append(_failed(plugin, failure))
                continue
            entries = [result] if isinstance(result, FrameCheck) else list(result or ())
            checks = [entry for entry in entries if isinstance(entry, FrameCheck)]
            findings = [entry for entry in entries if not isinstance(entry, FrameCheck)]
            self.context.extend(self._checks_of(plugin, findings))
            if frames:
                timeout = plugins.settings.timeout
                self.feeds.extend((plugin, FrameFeed(plugin.name, c, timeout)) for c in checks)

    def on_frame(self, number: int, frame: Any) -> None:
        for _plugin, feed in self.feeds:
            feed.offer(number, frame)

    def finish(self) -> PluginChecks:
        pixels: list[QCCheck] = []
        for plugin, feed in self.feeds:
            try:
                pixels.extend(self._checks_of(plugin, feed.close()))
            except PluginFailure as failure:
                pixels.append(_failed(plugin, failure))
        self.feeds = []
        return PluginChecks(tuple(self.context), tuple(pixels))

    def _checks_of(self, plugin: LoadedPlugin, findings: Iterable[Any]) -> list[QCCheck]:
        checks = []
        for finding in findings:
            if not isinstance(finding, Finding) or finding.check not in plugin.checks:
                failure = PluginFailure(
                    plugin.name, "validate",
                    f"returned {finding!r}, not a Finding or FrameCheck of one of its "
                    f"CHECKS ({', '.join(plugin.checks) or 'none declared'})",
                )  # fmt: skip
                return [_failed(plugin, failure)]
            status = QCStatus(finding.status)
            if status in (QCStatus.WARN, QCStatus.FAIL):
                status = self.severity.get(finding.check, status)
            checks.append(QCCheck(finding.check, status, str(finding.message), finding.frames))
        return checks


@dataclass(frozen=True, slots=True)
class PluginSet:
    """The plugins found for one configuration, and the hooks that run them."""

    plugins: tuple[LoadedPlugin, ...]
    settings: PluginSettings

    def with_hook(self, hook: str) -> list[LoadedPlugin]:
        return [plugin for plugin in self.plugins if plugin.active and hook in plugin.hooks]

    def info_for(self, plugin: LoadedPlugin, item: ItemInfo) -> ItemInfo:
        return dataclasses.replace(item, options=self.settings.options.get(plugin.name, {}))

    def validation(
        self, item: ItemInfo, project: str | None, frames: bool = True
    ) -> ItemValidation | None:
        """The validate hooks for `item`; None when no plugin validates and none is broken."""
        if not self.with_hook("validate") and not any(
            plugin.error and not plugin.disabled for plugin in self.plugins
        ):
            return None
        return ItemValidation(self, item, project, frames)

    def context_checks(self, item: ItemInfo, project: str | None) -> tuple[QCCheck, ...]:
        """The findings validate gives at once for `item` (its context changed since the
        analysis pass; the pixel findings of that pass stand)."""
        validation = self.validation(item, project, frames=False)
        return validation.finish().context if validation is not None else ()

    def pre_commit(self, item: ItemInfo, report: QCReport) -> None:
        """PluginRefusedError (nothing reserved) when a plugin refuses, fails or hangs."""
        for plugin in self.with_hook("pre_commit"):
            info = self.info_for(plugin, item)
            try:
                reason = guarded(
                    plugin.name, "pre_commit",
                    partial(_call, plugin, "pre_commit", info, report),
                    self.settings.timeout,
                )  # fmt: skip
            except PluginFailure as failure:
                if isinstance(failure.__cause__, Refusal):
                    reason = str(failure.__cause__) or "refused"
                else:
                    raise PluginRefusedError(
                        f"{failure}; the publish of {item.source} was refused and nothing "
                        "was reserved: ask your pipeline team to fix the plugin or to list "
                        "it in [plugins] disabled"
                    ) from failure
            if reason:
                raise PluginRefusedError(
                    f"the studio plugin {plugin.name} refused the publish of {item.source}: "
                    f"{reason}"
                )

    def post_publish(self, record: VersionRecord) -> tuple[str, ...]:
        """Each post_publish hook on the committed version; failures as warnings."""
        return self._after("post_publish", record)

    def post_review(self, note: ReviewNote, version: VersionRecord) -> tuple[str, ...]:
        """Each post_review hook on a recorded decision; failures as warnings."""
        return self._after("post_review", note, version)

    def _after(self, hook: str, *args: Any) -> tuple[str, ...]:
        warnings = []
        for plugin in self.with_hook(hook):
            try:
                options = self.settings.options.get(plugin.name, {})
                guarded(
                    plugin.name, hook, partial(_call, plugin, hook, *args, options),
                    self.settings.timeout,
                )  # fmt: skip
            except PluginFailure as failure:
                warning = f"{failure} (the {hook.replace('_', '-')} step only: nothing is undone)"
                log.warning("%s", warning)
                warnings.append(warning)
        return tuple(warnings)

    def check_configuration(self) -> None:
        """ConfigError when [plugins] names a check or plugin no plugin declares (a typo
        would silently leave a studio check at its plugin's own severity)."""
        if any(plugin.error for plugin in self.plugins):
            return  # a broken plugin's checks are unknown: its load error is reported
        known = {check for plugin in self.plugins for check in plugin.checks} | {LOAD_CHECK}
        for check in sorted(self.settings.configured_checks() - known):
            raise ConfigError(
                f"[plugins] severity names the check {check!r}, which no loaded plugin "
                f"declares; known plugin checks: {', '.join(sorted(known))}"
            )
        names = {plugin.name for plugin in self.plugins}
        for name in sorted((set(self.settings.options) | self.settings.disabled) - names):
            raise ConfigError(
                f"[plugins] names the plugin {name!r}, which is not installed; installed: "
                f"{', '.join(sorted(names)) or 'none'} (see `axiom plugins`)"
            )


def item_info(
    context: PublishContext | None, source: Source, item: PublishItem | None = None
) -> ItemInfo:
    """What plugins are told of an item: its context and primary source (and, for a
    publish, the item's colour space, author, host and comment)."""
    return ItemInfo(
        context=context,
        source=source.display,
        files=tuple(file.path for file in source.files),
        extension=source.extension,
        frame_range=source.frame_range,
        colorspace=item.colorspace if item else None,
        author=item.author if item else "",
        host=item.host if item else "",
        comment=item.comment if item else "",
    )


_CACHE: dict[tuple[Any, ...], tuple[LoadedPlugin, ...]] = {}
_LOCK = threading.Lock()


def plugins_for(settings: Settings) -> PluginSet:
    """The plugins of this configuration, found once per process (a plugin module is
    imported once); ConfigError when [plugins] names unknown checks or plugins."""
    config = settings.plugins
    key = (config.folders, config.disabled, tuple(sys.path))  # entry points live on the path
    with _LOCK:
        if key not in _CACHE:
            _CACHE[key] = tuple(discover(config.folders, config.disabled))
        found = _CACHE[key]
    plugins = PluginSet(found, config)
    plugins.check_configuration()
    return plugins
