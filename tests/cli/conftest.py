"""Fixtures for the command-line tests: one sandbox process per module and two ways to run ``sms-api``.

``cli.run(...)`` runs the command in this process (fast: most tests); ``cli.spawn(...)`` starts the real
console script as a child process, for what only a process shows: exit codes as the shell sees them, what
reaches stderr (one line, no traceback), signals, and the receiver of ``listen``.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import pty
import queue
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pytest

from sms_api_cli.app import run
from sms_sandbox.process import PASSWORD, USERNAME, SandboxProcess, sandbox_process


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> dict[str, object]:
        assert self.exit_code == 0, self.stderr
        value = json.loads(self.stdout)
        assert isinstance(value, dict)
        return value


def command() -> list[str]:
    script = shutil.which("sms-api", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "sms_api_cli"]


@dataclass
class Cli:
    sandbox: SandboxProcess
    monkeypatch: pytest.MonkeyPatch

    def env(self, **extra: str) -> dict[str, str]:
        return {
            **os.environ,
            "SMS_API_BASE_URL": self.sandbox.base_url,
            "SMS_API_USERNAME": USERNAME,
            "SMS_API_PASSWORD": PASSWORD,
            "COLUMNS": "80",
            "PYTHONUNBUFFERED": "1",
            **extra,
        }

    def run(self, *args: str, stdin: str = "", **env: str) -> Result:
        """``sms-api ARGS`` in this process, stdout and stderr captured (neither is a terminal)."""
        for name, value in self.env(**env).items():
            self.monkeypatch.setenv(name, value)
        out, err = io.StringIO(), io.StringIO()
        self.monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = run(list(args))
        return Result(code, out.getvalue(), err.getvalue())

    def spawn(self, *args: str, **env: str) -> subprocess.Popen[str]:
        """The console script as a child process, stdout and stderr piped, stdin closed."""
        return subprocess.Popen(
            [*command(), *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=self.env(**env),
        )

    def child(self, *args: str, **env: str) -> Child:
        return Child(self.spawn(*args, **env))

    def run_on_terminal(self, *args: str, answer: bytes = b"", after: bytes = b"", **env: str) -> Result:
        """The console script with stdin and stderr on a pseudo-terminal (stdout piped). ``answer`` is typed
        once ``after`` has appeared on the terminal. ``stderr`` of the result is what the terminal showed."""
        controller, terminal = pty.openpty()
        process = subprocess.Popen(
            [*command(), *args],
            stdin=terminal,
            stdout=subprocess.PIPE,
            stderr=terminal,
            env=self.env(**env),
            start_new_session=True,  # no controlling terminal: a prompt must use the pty, not ours
        )
        os.close(terminal)
        assert process.stdout is not None
        stdout = Lines(io.TextIOWrapper(process.stdout, encoding="utf-8"))
        shown = b""
        try:
            deadline = time.monotonic() + 60
            answered = not answer
            while True:
                assert time.monotonic() < deadline, shown
                if select.select([controller], [], [], 0.1)[0]:
                    try:
                        chunk = os.read(controller, 4096)
                    except OSError:  # the process closed the terminal
                        chunk = b""
                    shown += chunk
                    if not chunk and process.poll() is not None:
                        break
                elif process.poll() is not None:
                    break
                if not answered and after in shown:
                    os.write(controller, answer)
                    answered = True
            code = process.wait(timeout=30)
        finally:
            process.kill()
            os.close(controller)
        return Result(code, "".join(stdout.rest()), shown.decode("utf-8", "replace"))

    def run_process(self, *args: str, timeout: float = 60, **env: str) -> Result:
        process = self.spawn(*args, **env)
        stdout, stderr = process.communicate(timeout=timeout)
        return Result(process.returncode, stdout, stderr)


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxProcess]:
    """One sandbox per test module; messages are final 0.2 s after sending. Tests use their own numbers or
    filter by the ids they sent, so they do not see each other's messages."""
    with sandbox_process("--delivery-delay", "0.2", access_log=False) as running:
        yield running
        assert running.alive(), "the sandbox process died during the tests"


@pytest.fixture
def cli(sandbox: SandboxProcess, monkeypatch: pytest.MonkeyPatch) -> Cli:
    return Cli(sandbox, monkeypatch)


class Lines:
    """The lines a child process writes to one of its pipes, read by a thread so that a test can wait."""

    def __init__(self, pipe: IO[str]) -> None:
        self._queue: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        self._thread = threading.Thread(target=self._read, args=(pipe,), daemon=True)
        self._thread.start()

    def _read(self, pipe: IO[str]) -> None:
        for line in pipe:
            self._queue.put(line)
        self._queue.put(None)

    def next(self, timeout: float = 15) -> str:
        try:
            line = self._queue.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no line within {timeout} s; so far: {self.seen}") from None
        if line is None:
            raise AssertionError(f"the pipe closed; so far: {self.seen}")
        self.seen.append(line)
        return line

    def until(self, done: Callable[[list[str]], bool], timeout: float = 15) -> list[str]:
        """Read lines until ``done(lines so far)``; the lines."""
        deadline = time.monotonic() + timeout
        while not done(self.seen):
            self.next(max(0.01, deadline - time.monotonic()))
        return self.seen

    def rest(self, timeout: float = 15) -> list[str]:
        """Every line up to the end of the pipe (after the process ended)."""
        self._thread.join(timeout)
        while (line := self._queue.get(timeout=timeout)) is not None:
            self.seen.append(line)
        return self.seen


@dataclass
class Child:
    """A running ``sms-api`` with both pipes read by threads."""

    process: subprocess.Popen[str]

    def __post_init__(self) -> None:
        assert self.process.stdout is not None and self.process.stderr is not None
        self.out = Lines(self.process.stdout)
        self.err = Lines(self.process.stderr)

    def interrupt(self, timeout: float = 15) -> int:
        """Ctrl-C (SIGINT); the exit code once the process has ended."""
        self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout)
        finally:
            self.process.kill()
