"""A live Lotsen for the browser tests and the benchmark and load scripts: gunicorn on a free
loopback port with its own instance folder and demo data, and a small keep-alive HTTP client that
signs in like a browser."""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from email import message_from_bytes
from email.policy import default as email_policy
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PASSWORD = "lotsen-demo-2026"  # noqa: S105 - the demo accounts' documented password
ACCOUNTS = {
    "patient": "maja.andersson@exempel.se",
    "helper": "birgitta.svensson@exempel.se",
    "staff": "anna.lindqvist@exempel.se",
    "admin": "admin@exempel.se",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(instance: Path, database: str | None) -> dict[str, str]:
    env = {
        **os.environ,
        "LOTSEN_INSTANCE_DIR": str(instance),
        "LOTSEN_CONFIG": "development",
        # Many sign-ins from one address in a few seconds are these scripts, not an attack.
        "LOTSEN_LOGIN_LIMIT_PER_ADDRESS": "100000 per minute",
        "LOTSEN_LOGIN_LIMIT_PER_ACCOUNT": "100000 per minute",
    }
    env.pop("LOTSEN_DATABASE_URL", None)
    if database:
        env["LOTSEN_DATABASE_URL"] = database
    return env


@contextlib.contextmanager
def live_server(
    *,
    workers: int = 2,
    threads: int = 1,
    database: str | None = None,
    prepare: str | None = None,
    copy_of: Path | None = None,
    extra_env: dict[str, str] | None = None,
) -> Iterator[tuple[int, Path]]:
    """Yield (port, instance folder) of a gunicorn serving a fresh database with demo data.

    `prepare` is Python run with the app context before the server starts (to add load users).
    `copy_of`: a SQLite file that `prepare_database` made, copied instead of making the demo
    again (the browser tests start a server per file: a copy takes milliseconds, the demo seconds).
    """
    instance = Path(tempfile.mkdtemp(prefix="lotsen-live-"))
    env = {**environment(instance, database), **(extra_env or {})}
    try:
        if copy_of is not None:
            assert database is None, "copy_of is a SQLite file: not with a database URL"
            shutil.copyfile(copy_of, instance / "lotsen.sqlite")
            if prepare:
                run_in_app(env, prepare)
        else:
            prepare_database(env, database, prepare)
        with gunicorn(env, instance, workers=workers, threads=threads) as port:
            yield port, instance
    finally:
        shutil.rmtree(instance, ignore_errors=True)


def prepare_database(env: dict[str, str], database: str | None, prepare: str | None) -> None:
    """A fresh database (of its own when `database` is given) with demo data, and `prepare` run
    with the app context."""
    flask = [str(BIN / "flask"), "--app", "wsgi"]
    if database:  # a new database of its own, so runs are comparable and nothing else is touched
        subprocess.run([str(BIN / "python"), "-c", _RESET], cwd=ROOT, env=env, check=True)
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([*flask, "demo", "load"], cwd=ROOT, env=env, check=True, capture_output=True)
    if prepare:
        run_in_app(env, prepare)


def run_in_app(env: dict[str, str], code: str) -> None:
    """Python lines run with the app context, on the database that `env` names."""
    script = "from app import create_app\nwith create_app().app_context():\n" + "".join(
        f"    {line}\n" for line in code.strip().splitlines()
    )
    subprocess.run([str(BIN / "python"), "-c", script], cwd=ROOT, env=env, check=True)


@contextlib.contextmanager
def gunicorn(env: dict[str, str], instance: Path, *, workers: int, threads: int) -> Iterator[int]:
    """One gunicorn on a free loopback port, its log in <instance>/server.log; yields the port
    once /halsa answers, and stops it afterwards."""
    port = free_port()
    env = {**env, "LOTSEN_PUBLIC_URL": f"http://127.0.0.1:{port}"}  # for the links in e-mails
    log = (instance / "server.log").open("wb")
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--bind",
            f"127.0.0.1:{port}",
            "--no-control-socket",
            "--graceful-timeout",
            "5",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            probe = Browser(port)
            try:
                if probe.get("/halsa")[0] == 200:
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit(
                        "gunicorn did not start:\n" + (instance / "server.log").read_text()
                    ) from None
                time.sleep(0.2)
            finally:
                probe.conn.close()  # an open socket left to the collector is a warning in tests
        yield port
    finally:
        server.terminate()
        server.wait(timeout=15)
        log.close()


# Makes the database named in LOTSEN_DATABASE_URL anew (a database of its own, never a shared one).
_RESET = """
import os
from sqlalchemy import create_engine, make_url, text
url = make_url(os.environ["LOTSEN_DATABASE_URL"])
name = url.database
assert name and name.replace("_", "").isalnum() and name not in ("postgres", "test"), name
engine = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
with engine.connect() as conn:
    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    conn.execute(text(f'CREATE DATABASE "{name}"'))
engine.dispose()
"""


class Browser:
    """One keep-alive connection with a cookie jar: enough of a browser for signed-in pages."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.mine = ""  # /min-sida/<patient id>: whose pages it acts on (see find_own_pages)
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, method: str, path: str, body: dict | None = None):
        headers = {"Accept-Language": "sv", "Accept-Encoding": "identity"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.conn.request(method, path, body=data, headers=headers)
            response = self.conn.getresponse()
        except (http.client.HTTPException, OSError):
            self.conn.close()  # the server closed a kept-alive connection: open a new one
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            self.conn.request(method, path, body=data, headers=headers)
            response = self.conn.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.headers, content

    def get(self, path: str):
        return self.request("GET", path)

    def post_form(self, path: str, fields: dict):
        _status, _headers, page = self.get(path)
        token = re.search(rb'name="csrf_token" value="([^"]+)"', page).group(1).decode()
        return self.request("POST", path, {"csrf_token": token, **fields})


def latest_mail(outbox: Path, to: str):
    """The newest e-mail written to the outbox folder for this address, or None."""
    for path in sorted(outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns, reverse=True):
        message = message_from_bytes(path.read_bytes(), policy=email_policy)
        if message["To"] == to:
            return message
    return None


def latest_code(outbox: Path, to: str) -> str:
    """The 6-digit sign-in code of the newest e-mail to this address."""
    message = latest_mail(outbox, to)
    if message is None:
        raise LookupError(f"no e-mail to {to} in {outbox}")
    return re.search(r"\b(\d{6})\b", message.get_content()).group(1)


def signed_in(port: int, who: str, outbox: Path, email: str | None = None) -> Browser:
    """A browser signed in as `who` (patient, helper, staff, admin), or as nobody for
    anyone/visitor."""
    browser = Browser(port)
    if who in ("anyone", "visitor"):
        return browser
    email = email or ACCOUNTS[who]
    _status, headers, _ = browser.post_form("/logga-in", {"email": email, "password": PASSWORD})
    if headers.get("Location", "").endswith("/logga-in/kod"):
        browser.post_form("/logga-in/kod", {"code": latest_code(outbox, email)})
    if who == "staff":
        status, _h, _ = browser.get("/personal/patienter")
    elif who == "admin":
        status, _h, _ = browser.get("/admin/")
    else:
        status = find_own_pages(browser)
    if status != 200:
        raise SystemExit(f"could not sign in as {who} {email} ({status})")
    return browser


def find_own_pages(browser: Browser) -> int:
    """Set `browser.mine` to the path of the pages it acts on, /min-sida/<patient id> (a helper
    chooses the first person they help); returns the status of that start page."""
    status, headers, _ = browser.get("/min-sida/")
    location = headers.get("Location", "")
    if location.endswith("/vem-hjalper-du"):
        _s, _h, page = browser.get("/vem-hjalper-du")
        chosen = re.search(rb'href="(/min-sida/[0-9a-f]{32})/"', page)
        location = chosen.group(1).decode() + "/" if chosen else ""
    found = re.search(r"/min-sida/[0-9a-f]{32}", location)
    if not found:
        return status
    browser.mine = found.group(0)
    status, _h, _ = browser.get(browser.mine + "/")
    return status
