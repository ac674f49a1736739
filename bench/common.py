"""Shared pieces of the benchmarks: a gunicorn server on 127.0.0.1, wrk runs, results."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
BIN = Path(sys.executable).parent


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(workers: int = 2, port: int | None = None, ready_path: str = "/bench/bare/"):
    """Run the site under gunicorn on 127.0.0.1; yield its base URL; stop it afterwards."""
    port = port or free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "bench.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + ready_path, timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("BENCH requests=%d errors=%d duration_us=%d p50_us=%d p95_us=%d\\n",
    summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout,
    summary.duration, latency:percentile(50), latency:percentile(95)))
end
"""


def wrk(url: str, *, seconds: int = 10, connections: int = 8, headers=(), lua: str = "") -> dict:
    """Bounded load from wrk (2 threads) against one URL on this machine."""
    if not url.startswith(("http://127.0.0.1", "http://localhost")):
        raise ValueError("benchmarks only talk to this machine")
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is not installed (Debian package: wrk)")
    script = RESULTS / ".wrk.lua"
    script.write_text(lua + WRK_SCRIPT)
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", str(script)]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, timeout=seconds + 60, check=True
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    figures = dict(part.split("=") for part in line.split()[1:])
    requests, duration = int(figures["requests"]), int(figures["duration_us"]) / 1e6
    return {
        "requests": requests,
        "errors": int(figures["errors"]),
        "rps": round(requests / duration, 1),
        "p50_ms": round(int(figures["p50_us"]) / 1000, 1),
        "p95_ms": round(int(figures["p95_us"]) / 1000, 1),
    }


def session_cookie(user) -> str:
    """A signed-in session for `user`, made directly in the session store (no sign-in
    form, no password hashing, no rate limit); returns the Cookie header."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.cached_db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"Cookie: {settings.SESSION_COOKIE_NAME}={session.session_key}"


def save(name: str, payload: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    path = RESULTS / f"{name}-{stamp}.json"
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False))
    return path


def table(rows: list[dict], columns: list[str]) -> str:
    widths = {c: max(len(c), *(len(str(r.get(c, ""))) for r in rows)) for c in columns}
    lines = ["  ".join(c.ljust(widths[c]) for c in columns)]
    lines += ["  ".join(str(r.get(c, "")).ljust(widths[c]) for c in columns) for r in rows]
    return "\n".join(lines)
