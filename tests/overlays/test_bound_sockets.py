"""The sync pool's sockets (``sms_api.bound_sockets``): a request's head and body leave in one write, and a
held write fails the way httpcore's own writes do. A stand-in stream records what reaches the network."""

from __future__ import annotations

import httpcore
import pytest

from sms_api.bound_sockets import _HOLD_BYTES, _BoundStream


class _Recorder(httpcore.NetworkStream):
    def __init__(self, fail: BaseException | None = None) -> None:
        self.writes: list[tuple[bytes, float | None]] = []
        self.fail = fail

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return b"HTTP/1.1 200 OK\r\n"

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if self.fail is not None:
            raise self.fail
        self.writes.append((buffer, timeout))

    def close(self) -> None:
        pass


def test_head_and_body_leave_in_one_write() -> None:
    inner = _Recorder()
    stream = _BoundStream(inner)
    stream.write(b"POST / HTTP/1.1\r\n\r\n", 3.0)
    assert inner.writes == []
    stream.write(b"{}", 3.0)
    stream.write(b"", 3.0)  # h11's end of a Content-Length body: nothing to send
    assert inner.writes == [(b"POST / HTTP/1.1\r\n\r\n{}", 3.0)]
    assert stream.read(100, 1.0) == b"HTTP/1.1 200 OK\r\n"
    assert len(inner.writes) == 1


def test_a_held_write_is_sent_before_the_answer_is_read() -> None:
    inner = _Recorder()
    stream = _BoundStream(inner)
    stream.write(b"GET / HTTP/1.1\r\n\r\n", 2.0)
    stream.read(100, 1.0)
    assert inner.writes == [(b"GET / HTTP/1.1\r\n\r\n", 2.0)]  # with its own (write) timeout


def test_a_large_write_is_not_held() -> None:
    inner = _Recorder()
    stream = _BoundStream(inner)
    stream.write(b"x" * (_HOLD_BYTES + 1), None)
    assert [len(data) for data, _ in inner.writes] == [_HOLD_BYTES + 1]


def test_a_held_write_that_fails_still_lets_the_answer_be_read() -> None:
    # httpcore swallows a WriteError while sending and reads the answer (a server may refuse early).
    stream = _BoundStream(_Recorder(fail=httpcore.WriteError("reset")))
    stream.write(b"POST / HTTP/1.1\r\n\r\n", 1.0)
    assert stream.read(100, 1.0) == b"HTTP/1.1 200 OK\r\n"


def test_a_held_write_that_times_out_raises_the_write_timeout() -> None:
    stream = _BoundStream(_Recorder(fail=httpcore.WriteTimeout("slow")))
    stream.write(b"POST / HTTP/1.1\r\n\r\n", 1.0)
    with pytest.raises(httpcore.WriteTimeout):
        stream.read(100, 1.0)


def test_only_a_requests_head_is_held_so_streamed_chunks_leave_as_they_come() -> None:
    inner = _Recorder()
    stream = _BoundStream(inner)
    stream.write(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 1.0)
    stream.write(b"2\r\nab\r\n", 1.0)
    assert len(inner.writes) == 1  # the head with the first chunk
    stream.write(b"2\r\ncd\r\n", 1.0)
    assert [data for data, _ in inner.writes][1:] == [b"2\r\ncd\r\n"]  # not held until a later write
    stream.read(100, 1.0)
    stream.write(b"GET / HTTP/1.1\r\n\r\n", 1.0)  # after the answer, the next request's head is held again
    assert len(inner.writes) == 2


def test_a_large_body_is_sent_after_the_held_head_not_copied_onto_it() -> None:
    inner = _Recorder()
    stream = _BoundStream(inner)
    stream.write(b"POST / HTTP/1.1\r\n\r\n", 2.0)
    stream.write(b"x" * (_HOLD_BYTES + 1), 3.0)
    assert [(len(data), timeout) for data, timeout in inner.writes] == [(19, 2.0), (_HOLD_BYTES + 1, 3.0)]
