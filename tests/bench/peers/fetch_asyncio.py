#!/usr/bin/env python3
"""Peer for `gofer fetch` benchmarks: N asyncio workers over keep-alive HTTP/1.1 connections.

Usage: fetch_asyncio.py -j 16 -i urls.txt -d outdir   (stdlib only: no aiohttp in Debian's base)
"""
import argparse
import asyncio
import os
import sys
from urllib.parse import urlsplit


async def fetch_one(state, url, outdir):
    parts = urlsplit(url)
    key = (parts.hostname, parts.port or 80)
    reader, writer = state.get(key, (None, None))
    if writer is None or writer.is_closing():
        reader, writer = await asyncio.open_connection(*key)
        state[key] = (reader, writer)
    path = parts.path or "/"
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nUser-Agent: peer-asyncio\r\n\r\n".encode())
    await writer.drain()
    status = int((await reader.readline()).split()[1])
    length = 0
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        if name.lower() == "content-length":
            length = int(value)
    name = os.path.basename(path) or "index.html"
    with open(os.path.join(outdir, name), "wb") as out:
        remaining = length
        while remaining:
            chunk = await reader.read(min(remaining, 1 << 18))
            if not chunk:
                raise ConnectionError("body cut short")
            out.write(chunk)
            remaining -= len(chunk)
    return status


async def worker(queue, outdir, failures):
    state = {}
    while True:
        url = await queue.get()
        if url is None:
            return
        try:
            if await fetch_one(state, url, outdir) != 200:
                failures.append(url)
        except Exception as error:  # noqa: BLE001 - a peer reports, it does not crash
            failures.append(f"{url}: {error}")
            state.clear()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-j", type=int, default=16)
    parser.add_argument("-i", required=True)
    parser.add_argument("-d", default=".")
    args = parser.parse_args()
    os.makedirs(args.d, exist_ok=True)
    queue = asyncio.Queue(maxsize=args.j * 2)
    failures = []
    workers = [asyncio.create_task(worker(queue, args.d, failures)) for _ in range(args.j)]
    with open(args.i) as urls:
        for line in urls:
            if line.strip():
                await queue.put(line.strip())
    for _ in workers:
        await queue.put(None)
    await asyncio.gather(*workers)
    for failure in failures:
        print("Error", failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
