"""What a request that writes a whole organisation at once (an import) asks of the process while it runs.

Such a request builds millions of objects (the parsed document, its validated rows, the plan, the rows and events
to write) that all stay alive until it ends. Python's cyclic garbage collector, triggered by allocation counts,
would walk all of them again and again while freeing nothing (measured: a fifth of an import's CPU time), so it
is paused for the request; reference counting still frees everything else at once, and collection resumes
afterwards. The outbox relay starts no new round meanwhile (``OutboxRelay.held``), so the import has the event
loop and, on SQLite, the write lock to itself; what it staged is published right after it.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import AsyncIterator, Iterator
from typing import Annotated

from fastapi import Depends

from org_registry.entrypoints.dependencies import Runtime

_pauses = 0
_was_enabled = False


@contextlib.contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """No automatic cyclic collection inside the block; pauses nest and may overlap (concurrent imports)."""
    global _pauses, _was_enabled
    if _pauses == 0:
        _was_enabled = gc.isenabled()
        gc.disable()
    _pauses += 1
    try:
        yield
    finally:
        _pauses -= 1
        if _pauses == 0 and _was_enabled:
            gc.enable()


async def _large_write(runtime: Runtime) -> AsyncIterator[None]:
    # A dependency, so that it already holds while FastAPI validates the request body.
    with runtime.relay.held(), cyclic_gc_paused():
        yield


LargeWrite = Annotated[None, Depends(_large_write, scope="function")]
