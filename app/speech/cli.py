"""`flask speech …`: warm the clip cache, look at it, and prune private clips."""

from __future__ import annotations

import os
import time

import click
from flask.cli import AppGroup

from . import service
from .public import interface_texts

speech_cli = AppGroup("speech", help="Read-aloud: warm the cache of clips, check it, prune it.")


@speech_cli.command("warm")
@click.option("--lang", "langs", multiple=True, help="Only this language (may be repeated).")
@click.option(
    "--rate",
    type=click.Choice(["normal", "slow", "all"]),
    default="all",
    show_default=True,
    help="Which speed to make.",
)
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many texts.")
@click.option(
    "--jobs",
    type=click.IntRange(min=1, max=16),
    default=min(os.cpu_count() or 1, 4),
    show_default=True,
    help="Worker processes side by side.",
)
def warm(langs: tuple[str, ...], rate: str, limit: int | None, jobs: int) -> None:
    """Say every interface text ahead of time, in every language and easy-read variant."""
    wanted = {service.language_code(lang) for lang in langs}
    pairs = [(lang, text) for lang, text in interface_texts() if not wanted or lang in wanted]
    if limit is not None:
        pairs = pairs[:limit]
    rates = list(service.RATES) if rate == "all" else [rate]
    total = len(pairs) * len(rates)
    click.echo(
        f"Warming {len(pairs)} texts × {len(rates)} speed(s) = {total} clips "
        f"into {service.state().cache.root}, {jobs} at a time"
    )

    def progress(done: int, of: int) -> None:
        if done % 500 == 0:
            click.echo(f"  {done}/{of}")

    result = service.warm(pairs, rates, jobs=jobs, progress=progress)
    for error in result.errors[:10]:
        click.echo(f"  failed: {error}", err=True)
    click.echo(
        f"Made {result.made}, already cached {result.cached}, failed {result.failed}, "
        f"in {result.seconds:.1f} s."
    )
    if result.gave_up:
        raise click.ClickException("Stopped: read-aloud does not work right now (several failures in a row).")
    if result.failed:
        raise click.exceptions.Exit(1)


def _size(size: int) -> str:
    if size >= 1e9:
        return f"{size / 1e9:.2f} GB"
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size / 1e3:.1f} kB"


@speech_cli.command("status")
def status() -> None:
    """Whether read-aloud works, and what the cache holds (counts and sizes only, never texts)."""
    speech = service.state()
    public = private = audio = 0
    for key in speech.cache.keys():
        entry = speech.cache.registration(key)
        if entry is None:
            continue
        private += entry.private
        public += not entry.private
        audio += speech.cache.has_audio(key)
    usage = speech.cache.usage()
    cap = speech.cache.max_bytes
    click.echo(f"Cache: {speech.cache.root}")
    click.echo(f"Registered clips: {public} public, {private} private; {audio} made.")
    click.echo(
        f"Size: {_size(usage.bytes)} in {usage.files} files, "
        + (f"at most {_size(cap)} (LOTSEN_SPEECH_CACHE_MAX_SIZE)." if cap else "no cap.")
    )
    click.echo(f"espeak-ng library found: {service.library_found()}")


@speech_cli.command("prune")
@click.option(
    "--days",
    type=click.IntRange(min=0),
    default=30,
    show_default=True,
    help="Delete private clips (what people wrote) older than this.",
)
def prune(days: int) -> None:
    """Delete old private clips and any half-written files, then keep the cache under its cap.

    Public clips stay unless the cache is over its cap (then the ones shown longest ago go)."""
    speech = service.state()
    cutoff = time.time() - days * 86400
    removed = 0
    for key in list(speech.cache.keys()):
        path = speech.cache.registration_path(key)
        entry = speech.cache.registration(key)
        try:
            old = path.stat().st_mtime < cutoff
        except FileNotFoundError:
            continue
        # An entry that cannot be read is a private clip from before they were tied to a patient.
        if (entry is None or entry.private) and old:
            speech.cache.remove(key)
            removed += 1
    stale = speech.cache.remove_stale_temporary_files(older_than=3600)
    click.echo(f"Removed {removed} private clips older than {days} days and {stale} temporary files.")
    usage = speech.cache.trim()
    if usage is not None:
        click.echo(
            f"Size: {_size(usage.bytes)}; removed {usage.removed} clips "
            f"({_size(usage.removed_bytes)}) shown longest ago to stay under the cap."
        )
