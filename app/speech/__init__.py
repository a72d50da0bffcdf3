"""Read-aloud: espeak-ng voices through pyttsx3 in a worker process, cached as MP3 on disk.

Templates get clip addresses from `service.clip_url`; the one route serves registered clips.
"""

from __future__ import annotations

from flask import Blueprint, Flask

from .cli import speech_cli
from .service import setup

bp = Blueprint("speech", __name__)


def init_app(app: Flask) -> None:
    """Set the service up for `app`, register the blueprint and the `flask speech` commands."""
    setup(app)
    app.register_blueprint(bp)
    app.cli.add_command(speech_cli)
