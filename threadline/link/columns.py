"""Growable numpy columns and the byte form of a set of named columns (the engine's saved state).

The engine keeps its state as flat columns (ad ids, identifier memberships, link edges, signatures)
rather than Python objects: a million ads then cost tens of bytes each, bulk steps are vectorised,
and saving is a copy. :func:`pack` / :func:`unpack` turn named columns into one ``.npz`` byte string
(no pickle: ``allow_pickle=False``), written to a file or a byte string for a blob column.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, BinaryIO

import numpy as np
from numpy.typing import NDArray


class GrowArray:
    """An append-only numpy array (1-D, or 2-D with fixed row width) with amortised O(1) appends."""

    def __init__(self, dtype: Any, width: int = 0, data: NDArray[Any] | None = None) -> None:
        self.width = width
        shape: tuple[int, ...] = (0, width) if width else (0,)
        # Data is copied: the column is appended to and updated in place, its source must not change.
        self._buf: NDArray[Any] = np.zeros(shape, dtype=dtype) if data is None else np.array(data, dtype=dtype)
        self.n = len(self._buf)

    def __len__(self) -> int:
        return self.n

    @property
    def view(self) -> NDArray[Any]:
        """The filled part (a view: valid until the next append)."""
        return self._buf[: self.n]

    def extend(self, values: NDArray[Any]) -> None:
        new = self.n + len(values)
        if new > len(self._buf):
            cap = max(1024, new, len(self._buf) * 3 // 2)
            grown = np.empty((cap, self.width) if self.width else (cap,), dtype=self._buf.dtype)
            grown[: self.n] = self._buf[: self.n]
            self._buf = grown
        self._buf[self.n : new] = values
        self.n = new

    def set(self, index: NDArray[Any] | int, values: Any) -> None:
        self._buf[: self.n][index] = values

    def compact(self) -> NDArray[Any]:
        """The filled part as an exact-size array (for saving)."""
        return self._buf[: self.n].copy()


def extend_all(columns: Sequence[GrowArray], values: Sequence[NDArray[Any]]) -> None:
    """Append one array to each column (cast to the column's dtype): parallel edge columns."""
    for column, array in zip(columns, values, strict=True):
        column.extend(np.asarray(array).astype(column.view.dtype, copy=False))


FORMAT = "threadline-link-state"


def pack(columns: Mapping[str, NDArray[Any]], version: int, out: BinaryIO) -> None:
    """Write named arrays as one ``.npz`` (to a file: no second copy in memory), tagged with a format
    name and version."""
    header = np.frombuffer(f"{FORMAT}:{version}".encode(), dtype=np.uint8)
    savez: Callable[..., None] = np.savez  # its stub types **kwds as allow_pickle's bool
    savez(out, __format__=header, **columns)


def unpack(source: BinaryIO, version: int) -> dict[str, NDArray[Any]]:
    """Inverse of :func:`pack`; raises ValueError on another format or version."""
    with np.load(source, allow_pickle=False) as z:
        found = bytes(z["__format__"]).decode() if "__format__" in z.files else ""
        if found != f"{FORMAT}:{version}":
            raise ValueError(f"not a {FORMAT} of version {version} (found {found or 'no tag'!r})")
        return {name: z[name] for name in z.files if name != "__format__"}


def strings_to_column(values: list[str]) -> NDArray[np.uint8]:
    """A list of strings (none containing NUL) as one UTF-8 byte column."""
    return np.frombuffer("\x00".join(values).encode(), dtype=np.uint8) if values else np.zeros(0, np.uint8)


def column_to_strings(column: NDArray[np.uint8], count: int) -> list[str]:
    """Inverse of :func:`strings_to_column`; ``count`` disambiguates [] from [""]."""
    return column.tobytes().decode().split("\x00") if count else []
