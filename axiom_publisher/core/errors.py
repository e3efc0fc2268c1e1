"""The one error hierarchy of AXIOM.

Every error carries the exit code the `axiom` CLI uses for it and inherits the builtin
exception it is a kind of, so that callers outside AXIOM can catch it the usual way.

Exit codes: 1 refused (QC) or problems found, 2 bad input, 3 database, publish area or
system libraries unavailable, 130 cancelled.
"""

from __future__ import annotations


class AxiomError(Exception):
    """Base of every error AXIOM raises on purpose."""

    exit_code: int = 1

    @property
    def kind(self) -> str:
        """A stable, machine-readable name of the error (the class name)."""
        return type(self).__name__


# --- bad input (exit 2) ---------------------------------------------------------------


class BadInputError(AxiomError, ValueError):
    """The user gave something AXIOM cannot accept: fix the input and run again."""

    exit_code = 2


class InvalidNameError(BadInputError):
    """A project, entity, task or product name is not allowed in the publish area."""


class SourceNotFoundError(BadInputError, FileNotFoundError):
    """A file, folder or sequence pattern to publish does not exist or matches nothing."""


class UnreadableSourceError(BadInputError):
    """A source exists but cannot be read."""


class SourceChangedError(BadInputError):
    """A source file changed between analysis and staging."""


class UnknownEntityError(BadInputError, LookupError):
    """A project, shot, asset or product that is not in the database."""


class AlreadyExistsError(BadInputError):
    """Something to create is already there."""


class IdenticalContentError(BadInputError):
    """The content is already published as a version and `[publish] identical = "refuse"`."""


class PathOutsideRootError(BadInputError):
    """A resolved path would lie outside the publish root."""


class ConfigError(BadInputError):
    """The configuration is malformed."""


# --- refused / problems found (exit 1) --------------------------------------------------


class QCFailedError(AxiomError):
    """QC failed and no override was given."""

    exit_code = 1


class PluginRefusedError(AxiomError):
    """A studio plugin's pre-commit hook refused the publish (or failed, which refuses it):
    nothing was reserved or written."""

    exit_code = 1


class PluginFailure(AxiomError, RuntimeError):  # noqa: N818 - a plugin's, reported by name
    """A studio plugin's hook raised or overran its time limit."""

    exit_code = 1

    def __init__(self, plugin: str, hook: str, reason: str) -> None:
        super().__init__(f"plugin {plugin!r} failed in {hook}: {reason}")
        self.plugin = plugin
        self.hook = hook
        self.reason = reason


class VerifyProblemsError(AxiomError):
    """`verify` found problems."""

    exit_code = 1


class PublishConflictError(AxiomError):
    """The version cannot be committed (its folder exists, or it was failed meanwhile)."""

    exit_code = 1


class PermissionDeniedError(AxiomError, PermissionError):
    """The user may not do this (e.g. decide on a version without being a review lead).

    Exit code 2, like bad input: the command cannot succeed as given, for this user."""

    exit_code = 2


class HostError(AxiomError, RuntimeError):
    """The DCC cannot do what was asked (save an untitled scene, evaluate a node's path).

    Exit code 2: the scene must change (name it, fix the node) before it can succeed."""

    exit_code = 2


class TrackerAuthError(PermissionDeniedError):
    """The tracker refused the credentials (401) or the user's rights (403). Exit code 2."""


class TrackerNotFoundError(UnknownEntityError):
    """The tracker has no such project or record (404). Exit code 2."""


# --- unavailable (exit 3) ---------------------------------------------------------------


class UnavailableError(AxiomError, ConnectionError):
    """A service AXIOM depends on is not usable right now."""

    exit_code = 3


class DatabaseUnavailableError(UnavailableError):
    """The database cannot be reached or used."""


class SchemaMismatchError(DatabaseUnavailableError):
    """The database schema is older or newer than this client."""


class PublishAreaUnavailableError(UnavailableError):
    """The publish area is missing, not writable or full."""


class FarmUnavailableError(UnavailableError):
    """The farm's Redis cannot be reached or used ([farm] redis_url)."""


class TrackerUnavailableError(UnavailableError):
    """The production tracker cannot be reached or failed (down, a 5xx answer)."""


class TrackerTimeoutError(TrackerUnavailableError, TimeoutError):
    """The production tracker did not answer in time."""


class WebhookUnavailableError(UnavailableError):
    """A [[notify]] receiver cannot be reached, timed out or failed (5xx, 408, 429)."""


class WebhookRefusedError(BadInputError):
    """A [[notify]] receiver refused the event (4xx): retrying the same body will not help."""


class MissingSystemLibrariesError(AxiomError, OSError):
    """The system lacks shared libraries a component needs (e.g. Qt's X11 platform plugin);
    the message names them and the command that installs them. Exit code 3."""

    exit_code = 3


# --- cancelled (exit 130) ---------------------------------------------------------------


class CancelledError(AxiomError):
    """The user cancelled; nothing was published."""

    exit_code = 130


# --- media outputs (proxy, thumbnail) ------------------------------------------------------


class MediaOutputError(AxiomError, OSError):
    """A proxy or thumbnail could not be written (disk full, encoder failure); names the file."""


class NoFrameError(BadInputError):
    """A thumbnail was asked for but no frame was offered (the source decoded to nothing)."""


# --- media (bad input, exit 2) ------------------------------------------------------------


class MediaError(AxiomError):
    """Media that cannot be analysed. Decoding records these as MediaProblems; they are
    raised only where a caller asks for bad media to stop the work."""


class DecodeError(MediaError, BadInputError):
    """Unreadable, corrupt or truncated media data."""


class FormatMismatchError(DecodeError):
    """A file's content is not what its extension says."""


class DecodeTimeoutError(DecodeError, TimeoutError):
    """The decoder stopped making progress."""
