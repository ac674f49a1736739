"""`make bench`: every benchmark in turn. Each prints a table and saves JSON under
bench/results/. Benchmarks talk to 127.0.0.1 only and stop by themselves."""

import importlib
import os
import sys

BENCHMARKS = [
    "bench.http_throughput",
    "bench.request_cost",
    "bench.reports_at_scale",
    "bench.certificate_render",
    "bench.quiz_spike",
]


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("note: DATABASE_URL is not PostgreSQL; figures on SQLite are not representative")
    chosen = sys.argv[1:] or BENCHMARKS
    for name in chosen:
        print(f"\n== {name}")
        importlib.import_module(name if name.startswith("bench.") else f"bench.{name}").main()


if __name__ == "__main__":
    main()
