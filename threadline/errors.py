"""The one error hierarchy of Threadline.

Two families matter to callers:

* ``UserError`` and its subclasses describe something the person running Threadline can fix (a bad
  flag, a missing file, an unreachable database). Entry points print them as one line, no traceback.
* ``RecordError`` and its subclasses describe one bad input record. Ingest never lets them stop a
  run: the record is quarantined with ``reason`` and its origin, counted, and the run goes on.
"""

from __future__ import annotations


class ThreadlineError(Exception):
    """Base class of every error Threadline raises on purpose."""


class UserError(ThreadlineError):
    """Something the user can fix; shown as a single line on stderr."""


class ConfigError(UserError):
    """A setting is missing, malformed or out of range."""


class StoreError(UserError):
    """The store cannot be opened, migrated or written."""


class NotFound(UserError):
    """A named object (ad, network, capture, site) does not exist in the store."""


class RecordError(ThreadlineError):
    """One input record is unusable. ``reason`` is precise enough to fix the record by hand."""

    kind = "bad-record"

    def __init__(self, reason: str, *, origin: str | None = None) -> None:
        super().__init__(reason if origin is None else f"{origin}: {reason}")
        self.reason = reason
        self.origin = origin


class CorruptRecord(RecordError):
    """Framing or compression damage: the bytes do not form a record."""

    kind = "corrupt"


class RecordTooLarge(RecordError):
    """A record (or its decompressed payload) is over a configured size limit."""

    kind = "too-large"


class InvalidField(RecordError):
    """A required field is missing or a value does not have the expected form."""

    kind = "invalid-field"


class UnsupportedRecord(RecordError):
    """A well-formed record that carries no ad (a WARC request, a DNS record, an image)."""

    kind = "unsupported"


class ParseFailure(RecordError):
    """A page was recognised by an adapter but could not be turned into an ad."""

    kind = "parse-failure"


class CrawlError(ThreadlineError):
    """One fetch of the crawler failed (network, limits, policy); the crawl goes on without it."""


class RefusedAddress(CrawlError):
    """The SSRF guard refused a URL: a non-HTTP scheme or a non-public address the config does not allow."""
