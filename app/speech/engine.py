"""The web side of synthesis: one long-lived worker process per web process, with a timeout.

The native engine never runs in a web process. The worker is started lazily with the "spawn"
method (a fresh interpreter: no copied locks or threads), calls are serialised with a lock, and
every answer is awaited with `conn.poll(timeout)`. When the worker hangs, dies or fails, it is
killed, the failure is remembered (so the pages can say read-aloud does not work right now), and
the next call starts a new worker.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import runpy
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from . import worker

log = logging.getLogger(__name__)


class SpeechError(RuntimeError):
    """Read-aloud failed: the engine is missing, broken, hung or too slow."""


@dataclass
class EngineStats:
    """Counters since this engine object was made (per web process)."""

    starts: int = 0
    syntheses: int = 0
    failures: int = 0


class SpeechEngine:
    """Owns the worker process of one web process and talks to it.

    `timeout` bounds one call, a worker start included (and, separately, the wait for the
    worker while another thread of the same process uses it). A worker that could not even start
    is not tried again for `start_backoff` seconds, so a missing espeak-ng does not cost a new
    process on every request.
    """

    def __init__(
        self, *, timeout: float, env: dict[str, str] | None = None, start_backoff: float = 10.0
    ) -> None:
        self.timeout = timeout
        self.env = dict(env or {})
        self.start_backoff = start_backoff
        self.stats = EngineStats()
        self.last_error: str | None = None
        self._last_failure: float | None = None
        self._last_success: float | None = None
        self._last_start_failure: float | None = None
        self._reset()

    def _reset(self) -> None:
        self._owner_pid = os.getpid()
        self._lock = threading.Lock()
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None

    def _check_fork(self) -> None:
        # After a fork (gunicorn --preload) the worker and its pipe belong to the parent process.
        if self._owner_pid != os.getpid():
            self._reset()

    @property
    def worker_pid(self) -> int | None:
        """The process id of the running worker, if there is one."""
        process = self._process
        return process.pid if process is not None and process.is_alive() else None

    def recent_failure(self, within: float) -> bool:
        """Whether a call failed in the last `within` seconds with no success since."""
        failed, succeeded = self._last_failure, self._last_success
        if failed is None or (succeeded is not None and succeeded > failed):
            return False
        return time.monotonic() - failed < within

    def synthesise(
        self,
        *,
        text: str,
        voice: str,
        wpm: int,
        path: Path,
        words_path: Path,
        runs: list[tuple[str, str]] | None = None,
    ) -> None:
        """Make the MP3 file `path` and its word timings `words_path` (unless both exist);
        raise SpeechError on any failure.

        `runs`, when given, are (text, voice) pairs said in turn into the one clip instead of
        `text` with `voice` (a Swedish name in an Arabic sentence is said with the Swedish voice).
        """
        self._check_fork()
        if not self._lock.acquire(timeout=self.timeout):
            raise SpeechError(f"read-aloud was busy for {self.timeout:g} s")
        try:
            if path.exists() and words_path.exists():
                return  # another thread made it while this one waited
            # Counted from here, not from before the wait: a request that waited long for its
            # turn must not get a healthy worker killed for being slow.
            deadline = time.monotonic() + self.timeout
            self._ensure_worker(deadline)
            request: dict[str, Any] = {
                "text": text,
                "voice": voice,
                "wpm": wpm,
                "path": str(path),
                "words_path": str(words_path),
            }
            if runs:
                request["runs"] = [list(run) for run in runs]
            reply = self._call(request, deadline)
            if not reply.get("ok"):
                self._discard()  # the worker exits after a failure; do not reuse it
                raise self._fail(f"synthesis failed: {reply.get('error')}")
            self.stats.syntheses += 1
            self._last_success = time.monotonic()
        finally:
            self._lock.release()

    def stop(self) -> None:
        """End the worker (it is started again by the next call)."""
        self._check_fork()
        with self._lock:
            self._discard()

    # --- inside the lock -------------------------------------------------------------------------

    def _ensure_worker(self, deadline: float) -> None:
        if self._process is not None and self._process.is_alive():
            return
        self._discard()  # reap a worker that died between calls
        now = time.monotonic()
        if self._last_start_failure is not None and now - self._last_start_failure < self.start_backoff:
            raise self._fail(f"not retried yet after a failed start: {self.last_error}")
        context = multiprocessing.get_context("spawn")
        parent_conn, child_conn = context.Pipe(duplex=True)
        # The worker file is run as a script, not imported as app.speech.worker: importing it
        # would import the app package (Flask, SQLAlchemy…) too. Measured under gunicorn:
        # 45 MB and 0.15 s to start instead of 90 MB and 0.8 s.
        process = context.Process(
            target=runpy.run_path,
            args=(worker.__file__,),
            name="lotsen-speech",
            daemon=True,
            kwargs={
                "run_name": worker.RUN_NAME,
                "init_globals": {"PARENT_CONN": child_conn, "WORKER_ENV": self.env},
            },
        )
        try:
            process.start()
        except OSError as error:  # e.g. no more processes allowed
            parent_conn.close()
            child_conn.close()
            self._last_start_failure = time.monotonic()
            raise self._fail(f"the worker could not be started: {error}") from error
        child_conn.close()  # so that the worker's death shows as EOF on our end
        self._process, self._conn = process, parent_conn
        self.stats.starts += 1
        try:
            reply = self._receive(deadline, "starting")
            if not reply.get("ready"):
                self._discard()
                raise self._fail(f"the worker could not start: {reply.get('error')}")
        except SpeechError:
            self._last_start_failure = time.monotonic()
            raise
        self._last_start_failure = None
        log.info("speech worker %s started", process.pid)

    def _call(self, request: dict[str, Any], deadline: float) -> dict[str, Any]:
        assert self._conn is not None
        try:
            self._conn.send(request)
        except OSError as error:
            raise self._died("taking a request", error) from error
        return self._receive(deadline, "synthesising")

    def _receive(self, deadline: float, doing: str) -> dict[str, Any]:
        assert self._conn is not None
        try:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not self._conn.poll(remaining):
                self._discard()
                raise self._fail(f"no answer within {self.timeout:g} s while {doing}; worker killed")
            return self._conn.recv()
        except (EOFError, OSError) as error:
            raise self._died(doing, error) from error

    def _died(self, doing: str, error: BaseException) -> SpeechError:
        process = self._process
        code = None
        if process is not None:
            process.join(timeout=1)
            code = process.exitcode
        self._discard()
        return self._fail(f"the worker died while {doing} (exit code {code}, {type(error).__name__})")

    def _discard(self) -> None:
        process, conn = self._process, self._conn
        self._process = self._conn = None
        if conn is not None:
            conn.close()
        if process is not None:
            if process.is_alive():
                process.kill()  # SIGKILL: works on a hung or stopped worker too
            process.join(timeout=5)
            if process.exitcode is not None:
                process.close()

    def _fail(self, message: str) -> SpeechError:
        self.stats.failures += 1
        self.last_error = message
        self._last_failure = time.monotonic()
        log.warning("read-aloud failed: %s", message)
        return SpeechError(message)
