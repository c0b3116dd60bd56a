"""Pause Python's cyclic garbage collector while a large JSON or XML answer is turned into objects.

ElementTree builds one tracked object per element (about 250,000 for a 10,000-entry logs response) and the
codec one dict per object. On CPython 3.11 the collector runs a generation-0 pass every 700 allocations and
older passes over the whole growing tree, which made up a third of decoding time in `make bench` (row 2b):
work spent looking for cycles where none can exist, since the tree and the dicts hold none. The same holds for
a large JSON answer: ``json.loads`` and the generated models' ``from_dict`` (``SmsApiClient._model_building``)
allocate about as much, and the collector took a quarter of row 2a's decode.

The pause is process-wide, so it is kept short (one decode), taken only for large documents, and shared:
concurrent decodes in several threads count holders, and the collector is switched back on by the last one,
and only if it was on when the first one started. Reference counting frees memory as usual meanwhile.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final

__all__ = ["PAUSE_FROM_BYTES", "cyclic_gc_paused"]

#: Documents smaller than this are decoded with the collector left alone: they allocate too little for it to
#: matter.
PAUSE_FROM_BYTES: Final[int] = 256 * 1024

_lock = threading.Lock()
_holders = 0
_paused_by_us = False


@contextmanager
def cyclic_gc_paused(size: int) -> Iterator[None]:
    """Within the block, no cyclic collection runs if ``size`` (the document's bytes) is large."""
    global _holders, _paused_by_us
    if size < PAUSE_FROM_BYTES:
        yield
        return
    with _lock:
        if _holders == 0:
            _paused_by_us = gc.isenabled()
            if _paused_by_us:
                gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _paused_by_us:
                _paused_by_us = False
                gc.enable()
