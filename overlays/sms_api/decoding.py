"""A response body's ``Content-Encoding`` undone by the SDK itself, bounded while the bytes are produced.

httpx decodes each raw chunk through every layer in one go (``MultiDecoder``), so a 1.8 KB body labelled
``gzip, gzip`` becomes gigabytes before anyone can count them. Here every layer is a zlib stream asked for at
most :data:`CHUNK_BYTES` of output at a time (``decompressobj.decompress(data, max_length)``), and each piece
travels through the next layers before the next is made. The decoded body grows in one buffer that refuses to
pass ``limit``; the raw body obeys the same limit. Peak memory for one body is therefore the limit (plus the
buffer's growth margin) and a fixed amount per layer (zlib's window and state, one output chunk), whatever the
encodings, and at most :data:`MAX_ENCODINGS` layers are accepted.

Supported: ``gzip`` (several members too), ``deflate`` (zlib-wrapped or, as some servers send it, raw) and
``identity``. The client asks only for these (:data:`ACCEPT_ENCODING`); anything else, a corrupt or a
truncated stream raises :class:`BodyDecodeError`, which the transport turns into the SDK's own errors.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterable, Iterator
from typing import Final

__all__ = [
    "ACCEPT_ENCODING",
    "CHUNK_BYTES",
    "MAX_ENCODINGS",
    "BodyDecodeError",
    "BodyTooLarge",
    "BoundedBody",
]

#: The ``Accept-Encoding`` every request sends: what :class:`BoundedBody` can decode (httpx would also offer
#: ``br`` and ``zstd`` when their packages happen to be installed).
ACCEPT_ENCODING: Final = "gzip, deflate"

#: Most decoded bytes one layer produces before the next layer consumes them.
CHUNK_BYTES: Final = 64 * 1024

#: Most content codings one body may stack; real servers apply one.
MAX_ENCODINGS: Final = 4

_GZIP_WBITS: Final = zlib.MAX_WBITS | 16


class BodyDecodeError(ValueError):
    """The body cannot be decoded: an unsupported, corrupt or truncated content coding."""


class BodyTooLarge(Exception):
    """The body, raw or decoded, grew past the limit."""


class _Layer:
    """One zlib stream (gzip or deflate) that yields its output in pieces of at most ``CHUNK_BYTES``."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._gzip = name == "gzip"
        # Deflate waits for its first two bytes to tell a zlib header from a raw stream.
        self._stream: zlib._Decompress | None = zlib.decompressobj(_GZIP_WBITS) if self._gzip else None
        self._head = b""
        self._seen_input = False

    def decode(self, data: bytes) -> Iterator[bytes]:
        if not data:
            return
        self._seen_input = True
        stream = self._stream
        if stream is None:
            self._head += data
            if len(self._head) < 2:
                return
            stream = self._stream = zlib.decompressobj(_deflate_wbits(self._head))
            data, self._head = self._head, b""
        more = True
        while data or more:
            if stream.eof:
                if not data:
                    return
                if not self._gzip:
                    raise BodyDecodeError("deflate: data after the end of the compressed stream")
                # Another gzip member follows (RFC 1952 2.2): decode it like the first.
                stream = self._stream = zlib.decompressobj(_GZIP_WBITS)
            try:
                out = stream.decompress(data, CHUNK_BYTES)
            except zlib.error as exc:
                raise BodyDecodeError(f"{self.name}: {exc}") from None
            # A full piece may leave output pending in zlib even when all input is consumed.
            more = len(out) == CHUNK_BYTES and not stream.eof
            data = stream.unused_data if stream.eof else stream.unconsumed_tail
            if out:
                yield out

    def finish(self) -> None:
        if not self._seen_input:
            return  # an empty body labelled with an encoding is an empty body
        if self._stream is None:
            raise BodyDecodeError(f"{self.name}: body too short for a compressed stream")
        if not self._stream.eof:
            raise BodyDecodeError(f"{self.name}: compressed body ends before its stream does")


def _deflate_wbits(head: bytes) -> int:
    # RFC 1950 header: compression method 8, window <= 32 KiB, and the first two bytes a multiple of 31.
    cmf, flg = head[0], head[1]
    if cmf & 0x0F == 8 and cmf >> 4 <= 7 and ((cmf << 8) | flg) % 31 == 0:
        return zlib.MAX_WBITS
    return -zlib.MAX_WBITS


def _layers(content_encodings: Iterable[str]) -> list[_Layer]:
    applied = [value.strip().lower() for value in content_encodings]
    applied = [name for name in applied if name and name != "identity"]
    if len(applied) > MAX_ENCODINGS:
        raise BodyDecodeError(
            f"{len(applied)} content codings stacked ({', '.join(applied)});"
            f" at most {MAX_ENCODINGS} are accepted"
        )
    for name in applied:
        if name not in ("gzip", "deflate"):
            raise BodyDecodeError(
                f"unsupported Content-Encoding {name!r} (the client asks for {ACCEPT_ENCODING})"
            )
    # Codings are listed in the order they were applied, so they are undone from the last.
    return [_Layer(name) for name in reversed(applied)]


class BoundedBody:
    """Collects a body from its raw chunks, decoding it on the way, never holding more than ``limit`` bytes.

    ``content_encodings`` are the ``Content-Encoding`` values, comma-split (``headers.get_list(...,
    split_commas=True)``). :meth:`feed` and :meth:`finish` raise :class:`BodyTooLarge` or
    :class:`BodyDecodeError`; the constructor raises :class:`BodyDecodeError` for codings it cannot undo.
    """

    def __init__(self, content_encodings: Iterable[str], limit: int) -> None:
        self._layers = _layers(content_encodings)
        self._limit = limit
        self._raw_size = 0
        # BytesIO grows in place and getvalue() hands over its buffer without a copy.
        self._out = io.BytesIO()
        self._size = 0

    def feed(self, raw: bytes) -> None:
        self._raw_size += len(raw)
        if self._raw_size > self._limit:
            raise BodyTooLarge
        self._through(0, raw)

    def _through(self, index: int, data: bytes) -> None:
        if index == len(self._layers):
            self._size += len(data)
            if self._size > self._limit:
                raise BodyTooLarge
            self._out.write(data)
            return
        for piece in self._layers[index].decode(data):
            self._through(index + 1, piece)

    def finish(self) -> bytes:
        """The decoded body, after checking that every compressed stream ended."""
        for layer in self._layers:
            layer.finish()
        return self._out.getvalue()

    def release(self) -> None:
        """Free the buffer now: a traceback that keeps this object alive must not keep the body too."""
        self._out.close()
        self._layers = []
