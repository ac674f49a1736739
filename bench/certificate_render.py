"""Time to render one certificate (PNG + PDF). Aim: under 300 ms.

    python -m bench.certificate_render [--runs 20] [--output DIR]

Runs from the repository root, standalone or with DJANGO_SETTINGS_MODULE set (the renderer
needs neither Django nor a database). Prints the median and the spread of N runs after one
warm-up run (which loads the fonts).
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

TARGET_MS = 300


def sample():
    from certificates.rendering import CertificateData, Signatory, TemplateValues

    code = "MDF-7K3Q-9XWP-2HTN-4M0A"
    return CertificateData(
        holder_name="سلمى الورفلي",
        course_title_ar="منهجية توثيق انتهاكات حقوق الإنسان وفق المعايير الدولية",
        course_title_en="Documenting human-rights violations to international standards",
        track_ar="منهجية التوثيق",
        track_en="Documentation methodology",
        hours=14,
        issued_on=date(2026, 11, 22),
        expires_on=date(2028, 11, 22),
        code=code,
        verification_url=f"https://academy.example.org/ar/certificates/verify/{code}/",
        template=TemplateValues(
            signatories=(
                Signatory("أكاديمية مدافع", "Madafe Academy", "فريق التدريب", "Training team"),
                Signatory("ليلى بن علي", "Leila Ben Ali", "مديرة البرامج", "Programme director"),
            )
        ),
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--output", type=Path, help="write the last PNG and PDF here")
    # `make bench` (bench/__main__.py) calls main() with no arguments.
    args = parser.parse_args(argv or [])

    if os.environ.get("DJANGO_SETTINGS_MODULE"):
        import django

        django.setup()
    from PIL import features

    from bench.common import save
    from certificates.rendering import render

    data = sample()
    render(data)  # warm-up: fonts load once per process
    timings = []
    for _ in range(args.runs):
        start = time.perf_counter()
        result = render(data)
        timings.append((time.perf_counter() - start) * 1000)
    median = statistics.median(timings)
    print(f"raqm layout engine: {'on' if features.check('raqm') else 'OFF (broken Arabic)'}")
    print(
        f"render one certificate (PNG + PDF), {args.runs} runs: median {median:.0f} ms, "
        f"min {min(timings):.0f} ms, max {max(timings):.0f} ms (target < {TARGET_MS} ms)"
    )
    print(f"sizes: PNG {len(result.png) / 1024:.0f} KiB, PDF {len(result.pdf) / 1024:.0f} KiB")
    saved = save(
        "certificate_render",
        {
            "runs": args.runs,
            "median_ms": round(median, 1),
            "min_ms": round(min(timings), 1),
            "max_ms": round(max(timings), 1),
            "target_ms": TARGET_MS,
            "png_bytes": len(result.png),
            "pdf_bytes": len(result.pdf),
            "raqm": features.check("raqm"),
        },
    )
    print(f"saved {saved.relative_to(saved.parent.parent.parent)}")
    if args.output:
        args.output.mkdir(parents=True, exist_ok=True)
        (args.output / "certificate.png").write_bytes(result.png)
        (args.output / "certificate.pdf").write_bytes(result.pdf)
        print(f"written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
