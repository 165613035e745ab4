"""A lean HTTP/1.1 load generator for the screening benchmark: raw asyncio streams, keep-alive
connections, requests encoded once before the clock starts.

An HTTP client library (httpx) spent about half as much CPU per request as the server itself, on the
same two cores, so it slowed the thing it measured. Here a request is a ready ``bytes`` object, and a
response is read by its ``Content-Length`` only.

* :func:`open_loop` sends at a fixed rate. Each latency counts from the request's *scheduled* send
  time, not from when a connection was free to send it, so a server that falls behind shows its
  queue in the figures (no coordinated omission). Each connection carries one request at a time; a
  request due while every connection is busy waits in a shared queue, and that wait is counted.
* :func:`closed_loop` has ``workers`` connections each sending its next request as soon as the last
  one is answered: the most the server can do.

Both report the generator process's own CPU time, so server and generator cost can be told apart.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class LoadResult:
    latencies: list[float]  # seconds, from the scheduled send time to the last byte of the answer
    seconds: float  # wall time from the first scheduled send to the last answer
    cpu: float  # this process's CPU seconds (user + system) over the run
    errors: int  # answers other than 200

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


def encode_requests(port: int, token: str, ads: Sequence[dict[str, Any]]) -> list[bytes]:
    """One complete ``POST /api/v1/screen`` per ad, ready to write."""
    out = []
    for ad in ads:
        body = json.dumps(ad, separators=(",", ":")).encode()
        head = (
            f"POST /api/v1/screen HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        out.append(head.encode() + body)
    return out


class Connection:
    """One keep-alive connection that carries one request at a time."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    @classmethod
    async def open(cls, port: int) -> Connection:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        return cls(reader, writer)

    async def send(self, request: bytes) -> int:
        """Write the request, read the whole answer; its status code."""
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
                break
        await self.reader.readexactly(length)
        return status

    def close(self) -> None:
        self.writer.close()


def _cpu() -> float:
    return time.process_time()


async def open_loop(
    port: int, requests: Sequence[bytes], rate: float, seconds: float, connections: int = 32
) -> LoadResult:
    """``rate`` requests per second for ``seconds``, on a fixed schedule."""
    conns = [await Connection.open(port) for _ in range(connections)]
    due_queue: asyncio.Queue[tuple[float, bytes] | None] = asyncio.Queue()
    latencies: list[float] = []
    errors = 0

    async def sender(conn: Connection) -> None:
        nonlocal errors
        while (job := await due_queue.get()) is not None:
            due, request = job
            if await conn.send(request) != 200:
                errors += 1
            latencies.append(time.perf_counter() - due)

    workers = [asyncio.create_task(sender(c)) for c in conns]
    cpu0 = _cpu()
    start = time.perf_counter() + 0.05
    total = int(rate * seconds)
    for i in range(total):
        due = start + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        due_queue.put_nowait((due, requests[i % len(requests)]))
    for _ in conns:
        due_queue.put_nowait(None)
    await asyncio.gather(*workers)
    wall = time.perf_counter() - start
    cpu = _cpu() - cpu0
    for c in conns:
        c.close()
    return LoadResult(latencies, wall, cpu, errors)


async def closed_loop(port: int, requests: Sequence[bytes], workers: int, seconds: float) -> LoadResult:
    """``workers`` connections, each sending again as soon as it is answered."""
    conns = [await Connection.open(port) for _ in range(workers)]
    latencies: list[float] = []
    errors = 0
    cpu0 = _cpu()
    began = time.perf_counter()
    end = began + seconds

    async def worker(k: int, conn: Connection) -> None:
        nonlocal errors
        i = k
        while (sent := time.perf_counter()) < end:
            if await conn.send(requests[i % len(requests)]) != 200:
                errors += 1
            latencies.append(time.perf_counter() - sent)
            i += workers

    await asyncio.gather(*(worker(k, c) for k, c in enumerate(conns)))
    wall = time.perf_counter() - began
    cpu = _cpu() - cpu0
    for c in conns:
        c.close()
    return LoadResult(latencies, wall, cpu, errors)
