"""Import an organisation from a JSON file or a directory of CSV files, through org-registry's API.

    python -m org_registry.entrypoints.import_cli --url http://127.0.0.1:8001 --instansi <id> PATH [--dry-run]

The bearer token comes from ``SIKERJA_TOKEN`` (an ``admin_instansi`` token; with kedudukan rows it must also carry
the authority the regulation names). Shows progress while reading and uploading; prints every rejected row.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx

from org_registry.adapters.csv_import import read_csv_directory


class Progress:
    def __init__(self, stream=sys.stderr, width: int = 30) -> None:
        self._stream = stream
        self._width = width

    def bar(self, label: str, done: int, total: int) -> None:
        filled = int(self._width * done / total) if total else self._width
        self._stream.write(f"\r{label:<22} [{'#' * filled}{'.' * (self._width - filled)}] "
                           f"{done * 100 // max(total, 1):3d}%")
        if done >= total:
            self._stream.write("\n")
        self._stream.flush()

    def count(self, label: str, n: int) -> None:
        if n % 500 == 0:
            self._stream.write(f"\r{label:<22} {n} baris")
            self._stream.flush()


def _chunks(body: bytes, progress: Progress, size: int = 64 * 1024) -> Iterator[bytes]:
    for offset in range(0, len(body), size):
        yield body[offset:offset + size]
        progress.bar("mengunggah", min(offset + size, len(body)), len(body))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m org_registry.entrypoints.import_cli", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", type=Path, help="a .json file or a directory of <section>.csv files")
    parser.add_argument("--url", default="http://127.0.0.1:8001")
    parser.add_argument("--instansi", required=True)
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args(argv)
    token = os.environ.get("SIKERJA_TOKEN")
    if not token:
        print("SIKERJA_TOKEN is not set", file=sys.stderr)
        return 2
    progress = Progress()
    if args.path.is_dir():
        document = read_csv_directory(args.path, lambda section, n: progress.count(f"membaca {section}", n))
        sys.stderr.write("\n")
    else:
        document = json.loads(args.path.read_text(encoding="utf-8"))
    body = json.dumps(document).encode()
    response = httpx.post(
        f"{args.url}/v1/instansi/{args.instansi}/organisation",
        params={"dry_run": "true"} if args.dry_run else None,
        content=_chunks(body, progress),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json",
                 "Content-Length": str(len(body))},
        timeout=600,
    )
    answer = response.json()
    if response.status_code == 200:
        verb = "akan dibuat" if args.dry_run else "dibuat"
        for section, created in answer["created"].items():
            print(f"{section:<18} {verb} {created:>7}  diubah {answer['updated'][section]:>7}  "
                  f"tetap {answer['unchanged'][section]:>7}")
        print(f"peristiwa diterbitkan: {answer['events']}")
        return 0
    print(f"{response.status_code} {answer.get('title')}: {answer.get('detail', '')}", file=sys.stderr)
    for error in answer.get("errors", []):
        source = f" ({error['source']})" if error.get("source") else ""
        print(f"  {error['field']}: {error['reason']}{source}", file=sys.stderr)
    for reason in answer.get("reasons", []):
        print(f"  {reason['message']} ({reason['source']})", file=sys.stderr)
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
