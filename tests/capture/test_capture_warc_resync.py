"""Property: whatever damage an archive takes, every record whose bytes were not touched survives.

An archive of N records (one gzip member each, or plain) gets random byte flips, deleted spans,
inserted garbage (salted with things that look like record and member starts) and truncation. The
reader must not raise, must finish, and must yield every untouched record as a Capture with the
identical payload at its new offset.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from capture_builders import http_block, limits, member, record
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from threadline.capture.records import Capture, Rejected, Skipped
from threadline.capture.warc import read_warc

LOOKALIKES = [
    b"WARC/1.0\r\n",
    b"WARC/1.1\r\n",
    b"\x1f\x8b\x08\x00",
    b"\r\n\r\n",
    b"Content-Length: 12\r\n",
    b"\n",
]


@dataclass(frozen=True)
class Op:
    kind: str  # flip, delete, insert, truncate
    start: int
    end: int
    data: bytes = b""

    def touches(self, s: int, e: int) -> bool:
        if self.kind == "insert":
            return s < self.start < e
        if self.kind == "truncate":
            return self.start < e
        return self.start < e and s < self.end


def body(i: int, size: int) -> bytes:
    words = " ".join(f"w{(i * 31 + k) % 1009}" for k in range(size // 5))
    return f"<html><body><p id='{i}'>{words}</p></body></html>".encode()


garbage = st.one_of(
    st.binary(min_size=1, max_size=200),
    st.lists(st.one_of(st.sampled_from(LOOKALIKES), st.binary(max_size=20)), min_size=1, max_size=6).map(b"".join),
)


@st.composite
def damaged_archives(draw: st.DrawFn, mode: str) -> tuple[bytes, list[bytes], list[bytes], list[bool]]:
    sizes = draw(st.lists(st.integers(0, 1500), min_size=1, max_size=7))
    bodies = [body(i, n) for i, n in enumerate(sizes)]
    records = [record("response", f"http://ads.example/{i}", http_block(b)) for i, b in enumerate(bodies)]
    parts = [member(r) for r in records] if mode == "gzip" else records
    data = b"".join(parts)
    ops: list[Op] = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["flip", "delete", "insert", "truncate"]))
        at = draw(st.integers(0, len(data) - 1))
        if kind == "flip":
            op = Op(kind, at, at + 1, bytes([draw(st.integers(1, 255))]))
        elif kind == "delete":
            op = Op(kind, at, min(len(data), at + draw(st.integers(1, 300))))
        elif kind == "insert":
            op = Op(kind, at, at, draw(garbage))
        else:
            op = Op(kind, at, len(data))
        # Damage in disjoint places, applied from the end, so every op means what it says.
        if all(op.end < o.start or o.end < op.start for o in ops):
            ops.append(op)
    damaged = bytearray(data)
    for op in sorted(ops, key=lambda o: o.start, reverse=True):
        if op.kind == "flip":
            damaged[op.start] ^= op.data[0]
        elif op.kind == "insert":
            damaged[op.start : op.start] = op.data
        else:
            del damaged[op.start : op.end]
    bounds, pos = [], 0
    for part in parts:
        bounds.append((pos, pos + len(part)))
        pos += len(part)
    untouched = [not any(op.touches(s, e) for op in ops) for s, e in bounds]
    return bytes(damaged), parts, bodies, untouched


def check(tmp_path: Path, archive: tuple[bytes, list[bytes], list[bytes], list[bool]]) -> None:
    data, parts, bodies, untouched = archive
    path = tmp_path / "damaged.warc"
    path.write_bytes(data)
    items = []
    for item in read_warc(path, limits()):
        assert isinstance(item, Capture | Rejected | Skipped)
        items.append(item)
        assert len(items) < 10 * len(parts) + 50, "the reader does not terminate"
    # Matched by place and content, not URL: a damaged header may carry another record's URL.
    for i, (part, payload, intact) in enumerate(zip(parts, bodies, untouched, strict=True)):
        if not intact:
            continue
        offset = data.find(part)
        got = [c for c in items if isinstance(c, Capture) and c.origin.offset == offset]
        assert len(got) == 1, f"untouched record {i} at {offset} yielded {len(got)} times: {items}"
        assert got[0].payload == payload
        assert got[0].url == f"http://ads.example/{i}"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(archive=damaged_archives("gzip"))
def test_gzip_archive_resynchronises_after_any_damage(tmp_path: Path, archive: tuple) -> None:  # type: ignore[type-arg]
    check(tmp_path, archive)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(archive=damaged_archives("plain"))
def test_plain_archive_resynchronises_after_any_damage(tmp_path: Path, archive: tuple) -> None:  # type: ignore[type-arg]
    check(tmp_path, archive)
