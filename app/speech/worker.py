"""The speech worker: a child process that owns the one pyttsx3/espeak-ng engine.

It is started by engine.py with the "spawn" method, so a crash or hang of the native library
only ever takes this process down. The child runs this file as a script (runpy, run name
RUN_NAME, with the pipe and the environment in its globals), so it needs nothing but the
standard library, pyttsx3 and soundfile: keep it free of imports from the app.

Requests arrive over the pipe, one at a time:

    parent → {"text": str, "voice": str, "wpm": int, "path": str, "words_path": str,
              "runs"?: [[text, voice], …]}
    child  → {"ok": True, "seconds": float, "bytes": int, "words": int}
             or {"ok": False, "error": str}

Beside the MP3 the worker writes the clip's word timings (`words_path`, JSON), as espeak-ng
reported them while it made this very audio:

    {"version": 1, "seconds": 3.2, "words": [[0.0, 0, 3], [0.266, 4, 4], …]}

each word as [its start in seconds within the clip, its first character in `text` (counted from
0, in characters), its length in characters]. A clip said in runs is `text` too: the runs' texts
joined by one space, each run's words moved by where its sound and its text begin. The timings
file is written before the MP3 appears, so a clip made here always has its timings.

After any failed request the worker exits: a half-broken native engine is never reused.
"""

from __future__ import annotations

import json
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
        self.words: list[tuple[int, int, int]] = []  # (sample, character, length) of each word
        self._hook_word_events()

    def _hook_word_events(self) -> None:
        """See every word event espeak-ng sends with the audio, then let pyttsx3 go on as before.

        pyttsx3's own "started-word" callback gives the word's place in the text but not in the
        audio (it is called before the chunk that holds the word is added, and a chunk is up to a
        second long). espeak-ng's event has both: `sample` counts the samples from the start of
        the utterance to the word (measured: audio_position = sample / 22.05 in every event,
        and text_position counts characters from 1, in Arabic and with å, ä, ö too). So this
        callback sits in front of pyttsx3's: it notes the words and hands everything on.
        """
        espeak = self.espeak
        driver = self.engine.proxy._driver  # pyttsx3's espeak driver, whose callback we wrap
        pass_on = driver._onSynth

        def on_synth(wav: Any, numsamples: int, events: Any) -> int:
            index = 0
            while events[index].type != espeak.EVENT_LIST_TERMINATED:
                event = events[index]
                # Zero-length word events come at the very end (and at position 0 in Arabic).
                if event.type == espeak.EVENT_WORD and event.length > 0:
                    self.words.append((event.sample, event.text_position - 1, event.length))
                index += 1
            return pass_on(wav, numsamples, events)

        # Kept on self: ctypes must hold the C function pointer as long as espeak-ng may call it.
        self._on_synth = espeak.t_espeak_callback(on_synth)
        espeak.cSetSynthCallback(self._on_synth)

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
        """Say `text` with `voice` into the WAV file `wav`; its samples and sample rate. Its
        words are in `self.words` afterwards."""
        import soundfile as sf

        self.errors.clear()
        self.finished.clear()
        self.words.clear()
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

    def synthesise(
        self,
        text: str,
        voice: str,
        wpm: int,
        path: Path,
        words_path: Path,
        runs: list[tuple[str, str]] | None = None,
    ) -> dict[str, Any]:
        """Say `text` with `voice` at `wpm` words per minute into the MP3 file `path`; or, with
        `runs`, each (text, voice) in turn, joined by a short pause, into the one file. The
        words' timings go into `words_path`."""
        import numpy as np
        import soundfile as sf

        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # All files are made beside the target, so a killed worker leaves nothing elsewhere
        # (`flask speech prune` removes old *.tmp), and each appears whole, by a rename.
        wav, mp3, words = (_temporary_file(path, suffix) for suffix in (".wav.tmp", ".mp3.tmp", ".words.tmp"))
        found: list[tuple[int, int, int]] = []  # (sample, character, length) in the whole clip
        try:
            if runs:
                pieces, rate, samples, chars = [], 0, 0, 0
                for run_text, run_voice in runs:
                    data, rate = self._say(run_text, run_voice, wpm, wav)
                    if pieces:  # a breath between two languages, as a speaker makes
                        pieces.append(np.zeros((int(rate * RUN_PAUSE), *data.shape[1:]), dtype=data.dtype))
                        samples += len(pieces[-1])
                    found += [(samples + sample, chars + at, length) for sample, at, length in self.words]
                    pieces.append(data)
                    samples += len(data)
                    chars += len(run_text) + 1  # the runs joined by a space are `text`
                data = np.concatenate(pieces)
            else:
                data, rate = self._say(text, voice, wpm, wav)
                found = list(self.words)
            sf.write(mp3, data, rate, **MP3_OPTIONS)
            seconds = len(data) / rate
            timings = [
                [round(min(sample / rate, seconds), 3), at, length]
                for sample, at, length in found
                if 0 <= at < len(text)
            ]
            words.write_text(
                json.dumps(
                    {"version": 1, "seconds": round(seconds, 3), "words": timings}, separators=(",", ":")
                )
            )
            os.replace(words, words_path)  # first: a clip that is there has its timings
            os.replace(mp3, path)
        finally:
            for temporary in (wav, mp3, words):
                temporary.unlink(missing_ok=True)
        return {"ok": True, "seconds": seconds, "bytes": path.stat().st_size, "words": len(timings)}


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
            reply = synthesiser.synthesise(
                request["text"],
                request["voice"],
                int(request["wpm"]),
                Path(request["path"]),
                Path(request["words_path"]),
                runs or None,
            )
        except Exception as error:  # told to the parent, then we exit
            conn.send({"ok": False, "error": f"{type(error).__name__}: {error}"})
            return
        conn.send(reply)


if __name__ == RUN_NAME:  # started by engine.py
    main(globals()["PARENT_CONN"], globals()["WORKER_ENV"])
