"""What one request to each page costs the application process, measured in-process with
Django's test client (no HTTP server, no load generator): wall time, the process's own CPU
time and the number of queries, each page against the bare page in the same run.

Run: DJANGO_SETTINGS_MODULE=bench.settings .venv/bin/python -m bench request_cost
CPU time excludes what PostgreSQL and Redis spend and most of the waiting for them, so on
a shared, noisy machine it moves much less than requests per second under wrk: use it to
compare two versions of the code; use `http_throughput` for what a server holds."""

import os
import subprocess
import sys
import time

from bench.common import save, session_cookie, setup_django, table

ROUNDS = 5


def measure(client, path: str, requests: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    queries = len(captured.captured_queries)  # now: the next request empties the log
    walls, cpus = [], []
    for _round in range(ROUNDS):
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(requests):
            client.get(path)
        walls.append((time.perf_counter() - wall) * 1000 / requests)
        cpus.append((time.process_time() - cpu) * 1000 / requests)
    walls.sort()
    cpus.sort()
    return {
        "queries": queries,
        "wall_ms_min": round(walls[0], 2),
        "wall_ms_median": round(walls[ROUNDS // 2], 2),
        "cpu_ms_min": round(cpus[0], 2),
        "cpu_ms_median": round(cpus[ROUNDS // 2], 2),
    }


def main() -> None:
    # Migrations, collectstatic and the site set-up run in a child process: run in this one
    # they leave it measurably slower and stop query capture (seen with this stack).
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from bench.common import setup_django; setup_django(); "
            "from bench.http_throughput import prepare; prepare()",
        ],
        check=True,
    )
    setup_django()
    from django.test import Client

    from bench.http_throughput import pick_trainee, targets

    requests = int(os.environ.get("BENCH_REQUESTS", "200"))
    user, course, lesson = pick_trainee()
    cookie = session_cookie(user).split(": ", 1)[1]
    rows = []
    for name, path, signed_in in targets(course, lesson):
        client = Client(HTTP_HOST="127.0.0.1")
        if signed_in:
            client.cookies.load(cookie)
        rows.append({"page": name, "path": path, **measure(client, path, requests)})
    reference = rows[0]
    for row in rows:
        row["wall_ratio"] = round(reference["wall_ms_min"] / row["wall_ms_min"], 2)
        row["cpu_ratio"] = round(reference["cpu_ms_min"] / row["cpu_ms_min"], 2)
    columns = ["page", "queries", "wall_ms_min", "wall_ms_median", "cpu_ms_min", "wall_ratio"]
    print(table(rows, [*columns, "cpu_ratio"]))
    print("saved", save("request_cost", {"requests": requests, "rounds": ROUNDS, "rows": rows}))


if __name__ == "__main__":
    main()
