"""Several Lotsen instances, as in production (README, "Running in production"), for scripts/load:
gunicorn instances in separate processes on their own ports, one PostgreSQL database, one Redis
for the rate limits and one speech-cache folder. Redis is a redis-server of the run's own on a
free port (never the machine's), so that the run can stop it and start it again.

What the run shows, each a check that fails the run:
- a rate limit of N holds as N across the instances (not N per instance or per worker);
- a clip asked for on every instance at once is made once, and each answer is the whole clip;
- sessions and drafts work whichever instance answers (every request goes to the next one);
- with Redis stopped in the middle of the run (and started again), sign-in and pages go on, the
  log of each instance says the limits fall back to memory, and nothing answers 500.
"""

from __future__ import annotations

import contextlib
import http.client
import itertools
import re
import secrets
import shutil
import subprocess
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import redis
from live import PASSWORD, Browser, environment, find_own_pages, free_port, gunicorn, prepare_database

# The per-account sign-in limit during the run (failed attempts only: the load's people succeed).
LIMIT = 5
FALLING_BACK = "Rate limit storage unreachable - falling back to in-memory storage"
RECOVERED = "Rate limit storage recovered"
CLIP = re.compile(rb"/tal/([0-9a-f]{64})\.mp3")


class Spread(Browser):
    """A browser whose requests go to each instance in turn, as a load balancer without sticky
    sessions would send them: one cookie jar, a kept-alive connection to each instance."""

    counts: Counter[int] = Counter()  # requests per port, over all browsers
    _lock = threading.Lock()
    _first = itertools.count()  # each new browser starts at the next instance

    def __init__(self, ports: list[int]):
        super().__init__(ports[0])
        self.ports = ports
        self.conns = [self.conn] + [
            http.client.HTTPConnection("127.0.0.1", port, timeout=30) for port in ports[1:]
        ]
        self.turn = next(Spread._first) - 1

    def request(self, method: str, path: str, body: dict | None = None):
        self.turn = (self.turn + 1) % len(self.ports)
        self.port, self.conn = self.ports[self.turn], self.conns[self.turn]
        with Spread._lock:
            Spread.counts[self.port] += 1
        try:
            return super().request(method, path, body)
        finally:
            self.conns[self.turn] = self.conn  # Browser.request may have opened a new one


class Redis:
    """A redis-server of this run's own (no disk), which can be stopped and started again."""

    def __init__(self, folder: Path):
        if shutil.which("redis-server") is None:
            raise SystemExit("redis-server is missing: scripts/setup --test installs it")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.log = folder / "redis.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--logfile",
                str(self.log),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                if redis.Redis.from_url(self.url, socket_timeout=1).ping():
                    return
            except redis.RedisError:
                pass
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise SystemExit(f"redis-server did not start:\n{self.log.read_text()}")
            time.sleep(0.1)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


@dataclass
class Cluster:
    ports: list[int]
    instance: Path  # the first instance's folder: the database's files, the speech cache
    folders: list[Path]
    redis: Redis
    cache: Path
    database: str
    outage: list[float] = field(default_factory=list)  # when Redis was stopped, started again
    sign_ins: list[tuple[float, int | None]] = field(default_factory=list)  # (began, status)

    def browser(self) -> Spread:
        return Spread(self.ports)

    def logs(self) -> list[str]:
        return [(folder / "server.log").read_text(errors="replace") for folder in self.folders]


@contextlib.contextmanager
def cluster(count: int, *, workers: int, threads: int, database: str, prepare: str) -> Iterator[Cluster]:
    """`count` gunicorn instances on one PostgreSQL database, one Redis, one speech-cache folder."""
    instance = Path(tempfile.mkdtemp(prefix="lotsen-live-"))
    redis = Redis(instance)
    env = environment(instance, database)
    cache = instance / "speech-cache"
    env.update(
        {
            "LOTSEN_REDIS_URL": redis.url,
            "LOTSEN_SPEECH_CACHE_DIR": str(cache),
            # one secret for all, as in production: a cookie signed by one is good at another
            "LOTSEN_SECRET_KEY": secrets.token_hex(32),
            "LOTSEN_LOGIN_LIMIT_PER_ACCOUNT": f"{LIMIT} per hour",
        }
    )
    folders = [instance] + [instance / f"instance-{n}" for n in range(2, count + 1)]
    try:
        redis.start()
        prepare_database(env, database, prepare)
        with contextlib.ExitStack() as servers:
            ports = []
            for folder in folders:
                folder.mkdir(exist_ok=True)
                own = {**env, "LOTSEN_INSTANCE_DIR": str(folder)}  # its own outbox and log
                ports.append(servers.enter_context(gunicorn(own, folder, workers=workers, threads=threads)))
            yield Cluster(ports, instance, folders, redis, cache, database)
    finally:
        redis.stop()
        shutil.rmtree(instance, ignore_errors=True)


def sign_in(browser: Browser, email: str) -> int | None:
    try:
        return browser.post_form("/logga-in", {"email": email, "password": PASSWORD})[0]
    except (OSError, http.client.HTTPException, AttributeError):
        return None  # no answer, or no form to post


# --- before the load ------------------------------------------------------------------------------


def limit_holds(c: Cluster) -> tuple[str, list[str]]:
    """Failed sign-ins to one account, each to the next instance: LIMIT of them are answered,
    then 429, however many instances and workers share the work."""
    browser, email = c.browser(), f"limit-{secrets.token_hex(4)}@exempel.se"
    statuses = []
    for n in range(LIMIT * len(c.ports) + 2):  # counted per instance, more than LIMIT get in
        browser.turn = n  # each post to the next instance (the form before it to another)
        statuses.append(browser.post_form("/logga-in", {"email": email, "password": "fel lösenord"})[0])
    answered = statuses.index(429) if 429 in statuses else len(statuses)
    report = (
        f"Sign-in limit of {LIMIT} failures per account over {len(c.ports)} instances: "
        f"{answered} answered before 429"
    )
    problems = []
    if answered != LIMIT or set(statuses[:answered]) != {200} or set(statuses[answered:]) != {429}:
        problems.append(f"the limit of {LIMIT} did not hold across the instances: {statuses}")
    return report, problems


def clip_made_once(c: Cluster, email: str, keys: int = 2) -> tuple[str, list[str], list[str]]:
    """Clips not yet made, each asked for twice on every instance at the same moment: every answer
    is the whole clip, the one on disk. Returns the keys too: the logs must name each made once."""
    browser = c.browser()
    sign_in(browser, email)
    browser.post_form(
        "/installningar",
        {
            "language": "sv",
            "easy_read": "off",
            "read_aloud": "on",
            "speech_rate": "normal",
            "text_size": "normal",
        },
    )
    find_own_pages(browser)
    _s, _h, page = browser.get(browser.mine + "/")
    fresh = [
        key.decode()
        for key in dict.fromkeys(CLIP.findall(page))
        if not (c.cache / key[:2].decode() / f"{key.decode()}.mp3").exists()
    ][:keys]
    problems = [] if len(fresh) == keys else [f"only {len(fresh)} clips not yet made on the page"]
    for key in fresh:
        answers = at_once(
            [Browser(port) for port in c.ports for _ in range(2)], browser.cookies, f"/tal/{key}.mp3"
        )
        on_disk = (c.cache / key[:2] / f"{key}.mp3").read_bytes()
        for status, headers, body in answers:
            whole = int(headers.get("Content-Length", -1)) == len(body) and body == on_disk
            if status != 200 or not whole or not body.startswith((b"ID3", b"\xff\xfb", b"\xff\xf3")):
                problems.append(f"clip {key[:12]}…: {status}, {len(body)} bytes of {len(on_disk)}")
    report = (
        f"Clips asked for {2 * len(c.ports)} times at once over {len(c.ports)} instances: "
        f"{len(fresh)} clips, each answer the whole clip on disk"
    )
    return report, problems, fresh


def at_once(askers: list[Browser], cookies: dict[str, str], path: str) -> list:
    """GET `path` with every browser at the same moment (with these cookies); their answers."""
    start, answers = threading.Barrier(len(askers)), [None] * len(askers)

    def ask(n: int, asker: Browser) -> None:
        asker.cookies = dict(cookies)
        start.wait()
        answers[n] = asker.get(path)

    threads = [threading.Thread(target=ask, args=(n, asker)) for n, asker in enumerate(askers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def draft_follows(c: Cluster, email: str, needs_page: str) -> tuple[str, list[str]]:
    """The session runs out (ended as idle, as the warning script would), what was typed is posted
    to one instance, and after signing in again another instance gives it back."""
    from sqlalchemy import create_engine, text

    browser = c.browser()
    sign_in(browser, email)
    find_own_pages(browser)
    path = browser.mine + needs_page
    _s, _h, page = browser.get(path)
    token = re.search(rb'name="csrf_token" value="([^"]+)"', page)
    version = re.search(rb'name="version" type="hidden" value="(\d+)"', page)
    typed = f"Utkast över instanser {secrets.token_hex(3)}"
    engine = create_engine(c.database)
    with engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE auth_sessions SET ended_at = :now, end_reason = 'idle' "
                "WHERE ended_at IS NULL AND user_id = "
                "(SELECT id FROM users WHERE email = :email)"
            ),
            {"now": datetime.now(UTC), "email": email},
        )
    engine.dispose()
    status, headers, _ = browser.request(
        "POST",
        path,
        {
            "csrf_token": token.group(1).decode() if token else "",
            "version": version.group(1).decode() if version else "0",
            "need_quiet_room": "y",
            "comment_quiet_room": typed,
        },
    )
    signed_in = sign_in(browser, email)
    back = browser.get(path)
    problems = []
    if status != 302 or "/logga-in" not in headers.get("Location", ""):
        problems.append(f"a post after the session ran out: {status} {headers.get('Location')}")
    if signed_in != 302 or back[0] != 200 or typed.encode() not in back[2]:
        problems.append(f"the draft was not given back by the other instance ({signed_in}, {back[0]})")
    return "Sessions and drafts: what was typed after the session ran out came back on another instance" + (
        "" if problems else " (OK)"
    ), problems


def before(c: Cluster, needs_page: str) -> tuple[list[str], list[str], list[str]]:
    """The checks before the load (report lines, problems) and the clips made for the check after."""
    lines, problems = [], []
    for line, found in (limit_holds(c), draft_follows(c, "load-patient-1@exempel.se", needs_page)):
        lines.append(line)
        problems += found
    line, found, clips = clip_made_once(c, "load-patient-0@exempel.se")
    return [*lines, line], problems + found, clips


# --- during the load ------------------------------------------------------------------------------


def redis_outage(c: Cluster, began: float, seconds: float, email: str = "load-patient-1@exempel.se") -> None:
    """Stop Redis a third into the run and start it again after a quarter of it (3 s at least);
    meanwhile someone signs in at each instance (besides those of keep_signing_in)."""
    time.sleep(max(0.0, began + seconds / 3 - time.monotonic()))
    c.redis.stop()
    stopped = time.monotonic()
    c.outage.append(stopped)
    for n in range(len(c.ports)):
        browser = c.browser()
        browser.turn = n - 2  # the form from one instance, the post to instance n
        c.sign_ins.append((time.monotonic(), sign_in(browser, email)))
    time.sleep(max(0.0, stopped + max(3.0, seconds / 4) - time.monotonic()))
    c.redis.start()
    c.outage.append(time.monotonic())


def keep_signing_in(c: Cluster, emails: list[str], deadline: float) -> None:
    """New sign-ins all through the run, each one's form and post on different instances."""
    n = 0
    while time.monotonic() < deadline:
        browser, began = c.browser(), time.monotonic()
        browser.turn = n  # each post to the next instance
        c.sign_ins.append((began, sign_in(browser, emails[n % len(emails)])))
        for conn in browser.conns:
            conn.close()
        n += 1


# --- after the load -------------------------------------------------------------------------------


def after(c: Cluster, clips: list[str]) -> tuple[list[str], list[str]]:
    logs = c.logs()
    lines, problems = [], []
    made = {key: sum(log.count(f"read-aloud clip {key} made") for log in logs) for key in clips}
    lines.append(f"Clips made (by the logs of all instances): {sorted(made.values())}")
    problems += [f"clip {key[:12]}… was made {count} times" for key, count in made.items() if count != 1]
    stopped, started = c.outage if len(c.outage) == 2 else (None, None)
    if stopped is None:
        return lines, [*problems, "Redis was not stopped and started again"]
    during = [status for began, status in c.sign_ins if stopped <= began <= started]
    lines.append(
        f"Redis stopped for {started - stopped:.1f} s: {during.count(302)} of {len(during)} "
        f"sign-ins during it succeeded; {len(c.sign_ins)} sign-ins in all"
    )
    if not during or set(during) != {302}:
        problems.append(f"sign-ins while Redis was stopped: {Counter(during)}")
    failed = [status for _b, status in c.sign_ins if status != 302]
    if failed:
        problems.append(f"{len(failed)} sign-ins failed: {Counter(failed)}")
    said = [log.count(FALLING_BACK) for log in logs]
    lines.append(
        f"Limits fell back to memory (said in the log of each instance): {said}; "
        f"storage recovered: {[log.count(RECOVERED) for log in logs]}"
    )
    if not all(said):
        problems.append("an instance's log does not say that the limits fell back to memory")
    lines.append("Requests per instance: " + ", ".join(f"{port}: {Spread.counts[port]}" for port in c.ports))
    return lines, problems
