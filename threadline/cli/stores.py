"""Opening the store for a CLI command (``--db`` or the ``db`` setting), closed when the command ends."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from threadline.cli.common import config_for
from threadline.store.store import Store


@contextmanager
def open_store(db: str | None) -> Iterator[Store]:
    store = Store.open(config_for(db).db)
    try:
        yield store
    finally:
        store.close()
