"""The speech worker: a child process that owns the one pyttsx3/espeak-ng engine.

It is started by engine.py with the "spawn" method, so a crash or hang of the native library
only ever takes this process down. The child runs this file as a script (runpy, run name
RUN_NAME, with the pipe and the environment in its globals), so it needs nothing but the
standard library, pyttsx3 and soundfile: keep it free of imports from the app.

Requests arrive over the pipe, one at a time:

    parent → {"text": str, "voice": str, "wpm": int, "path": str, "runs"?: [[text, voice], …]}
    child  → {"ok": True, "seconds": float, "bytes": int} or {"ok": False, "error": str}

After any failed request the worker exits: a half-broken native engine is never reused.
"""

from __future__ import annotations

import os
import signal
import sys
import tempfile
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

RUN_NAME = "__lotsen_speech_worker__"

# soundfile's MP3 encoder: about 40 kbit/s constant bit rate, plenty for one synthetic voice.
MP3_OPTIONS: dict[str, Any] = {
    "format": "MP3",
    "subtype": "MPEG_LAYER_III",
    "compression_level": 0.8,
    "bitrate_mode": "CONSTANT",
}
RUN_PAUSE = 0.15  # seconds of silence between two runs in different languages


def _silence_stdout() -> None:
    """pyttsx3 prints "Audio saved to …" for every file; keep that out of the server log."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # the C library too, not only Python's print
    os.close(devnull)
    sys.stdout = open(os.devnull, "w")  # kept open for the life of the process


class Synthesiser:
    """One pyttsx3 engine and the steps that turn a text into an MP3 file."""

    def __init__(self) -> None:
        # Imported here, never in the web process: loading them loads the native library.
        import pyttsx3
        from pyttsx3.drivers import _espeak

        self.espeak = _espeak
        self.engine = pyttsx3.init("espeak")
        self.voice: str | None = None
        self.errors: list[BaseException] = []
        # pyttsx3 runs its queued commands in runAndWait and reports their failures only here.
        self.engine.connect("error", self._on_error)
        # pyttsx3 starts espeak-ng in its asynchronous mode: runAndWait can return before the WAV
        # is written (measured: after 10 ms, file not there yet). The end of the utterance is
        # announced from espeak-ng's own thread, after the file is closed; wait for that.
        self.finished = threading.Event()
        self.engine.connect("finished-utterance", lambda **_: self.finished.set())

    def _on_error(self, name: str | None = None, exception: BaseException | None = None, **_: Any) -> None:
        self.errors.append(exception or RuntimeError(f"pyttsx3 reported an error ({name})"))

    def _set_voice_and_rate(self, voice: str, wpm: int) -> None:
        """Set voice and speed directly, then wait until espeak-ng is idle.

        Not through engine.setProperty: pyttsx3 queues that until runAndWait, where espeak-ng
        (asynchronous) may still be busy applying the speed when pyttsx3 checks IsPlaying() on
        its way into the loop, and cancels the utterance that follows: an empty clip (seen in a
        third of the runs of a three-clip script). pyttsx3 would also hide an unknown voice.
        """
        if voice != self.voice:
            if self.espeak.SetVoiceByName(voice.encode()) != 0:  # espeak-ng falls back silently otherwise
                self.voice = None
                raise RuntimeError(f"espeak-ng has no voice {voice!r}")
            self.voice = voice
        self.espeak.SetParameter(self.espeak.RATE, wpm, 0)
        deadline = time.monotonic() + 5
        while self.espeak.IsPlaying():
            if time.monotonic() > deadline:
                raise RuntimeError("espeak-ng stayed busy")
            time.sleep(0.001)

    def _say(self, text: str, voice: str, wpm: int, wav: Path) -> tuple[Any, int]:
        """Say `text` with `voice` into the WAV file `wav`; its samples and sample rate."""
        import soundfile as sf

        self.errors.clear()
        self.finished.clear()
        self._set_voice_and_rate(voice, wpm)
        # One file per runAndWait: two saves before one run write only the last file.
        self.engine.save_to_file(text, str(wav))
        self.engine.runAndWait()
        # No limit of our own: a worker that never finishes is killed by the parent's timeout.
        self.finished.wait()
        if self.errors:
            raise RuntimeError(f"espeak-ng refused the request: {self.errors[0]}")
        data, rate = sf.read(wav, dtype="int16")
        if len(data) == 0:
            raise RuntimeError("espeak-ng wrote an empty clip")
        return data, rate

    def synthesise(self, text: str, voice: str, wpm: int, path: Path,
                   runs: list[tuple[str, str]] | None = None) -> dict[str, Any]:
        """Say `text` with `voice` at `wpm` words per minute into the MP3 file `path`; or, with
        `runs`, each (text, voice) in turn, joined by a short pause, into the one file."""
        import numpy as np
        import soundfile as sf

        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Both files are made beside the target, so a killed worker leaves nothing elsewhere
        # (`flask speech prune` removes old *.tmp), and the MP3 appears whole, by a rename.
        wav, mp3 = (_temporary_file(path, suffix) for suffix in (".wav.tmp", ".mp3.tmp"))
        try:
            if runs:
                pieces, rate = [], 0
                for run_text, run_voice in runs:
                    data, rate = self._say(run_text, run_voice, wpm, wav)
                    if pieces:  # a breath between two languages, as a speaker makes
                        pieces.append(np.zeros((int(rate * RUN_PAUSE), *data.shape[1:]), dtype=data.dtype))
                    pieces.append(data)
                data = np.concatenate(pieces)
            else:
                data, rate = self._say(text, voice, wpm, wav)
            sf.write(mp3, data, rate, **MP3_OPTIONS)
            os.replace(mp3, path)
        finally:
            wav.unlink(missing_ok=True)
            mp3.unlink(missing_ok=True)
        return {"ok": True, "seconds": len(data) / rate, "bytes": path.stat().st_size}


def _temporary_file(beside: Path, suffix: str) -> Path:
    """An empty file only this user can read, next to `beside` (same file system)."""
    fd, name = tempfile.mkstemp(dir=beside.parent, prefix=f".{beside.stem}.", suffix=suffix)
    os.close(fd)
    return Path(name)


def main(conn: Connection, env: dict[str, str]) -> None:
    """Entry point of the child process: start the engine, then answer requests until EOF."""
    os.environ.update(env)  # e.g. ESPEAK_DATA_PATH, read by espeak-ng when it initialises
    # Ctrl+C in a terminal reaches the whole process group; the parent decides when we stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _silence_stdout()
    try:
        synthesiser = Synthesiser()
    except BaseException as error:  # told to the parent, then we exit
        conn.send({"ready": False, "error": f"{type(error).__name__}: {error}"})
        return
    conn.send({"ready": True, "pid": os.getpid()})
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return  # the web process went away
        try:
            runs = [(str(text), str(voice)) for text, voice in request.get("runs") or []]
            reply = synthesiser.synthesise(request["text"], request["voice"], int(request["wpm"]),
                                           Path(request["path"]), runs or None)
        except Exception as error:  # told to the parent, then we exit
            conn.send({"ok": False, "error": f"{type(error).__name__}: {error}"})
            return
        conn.send(reply)


if __name__ == RUN_NAME:  # started by engine.py
    main(globals()["PARENT_CONN"], globals()["WORKER_ENV"])
