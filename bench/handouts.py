"""Benchmark: handout PDFs. Goals: one handout PDF ≤ 1 s, the whole library (every guide × 8
languages) in one PDF ≤ 60 s.

Run:  .venv/bin/python bench/handouts.py            (prints a Markdown table)
      .venv/bin/python bench/handouts.py --record   (also appends it to bench/RESULTS.md)

Every run uses a fresh instance folder, so nothing comes from an earlier run's cache. Wall
time is what a user waits; CPU time (this process, or the command's process) shows what the
work costs when other programs share the machine's two cores. The load average is printed
with the results because it changes the wall times.
"""
from __future__ import annotations

import datetime as dt
import io
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def clock():
    return time.perf_counter(), time.process_time()


def since(start):
    wall, cpu = clock()
    return wall - start[0], cpu - start[1]


def main(record: bool) -> None:
    temp = Path(tempfile.mkdtemp(prefix="trinvis-bench-"))
    os.environ["TRINVIS_INSTANCE"] = str(temp / "instance")
    rows = []
    load_before = os.getloadavg()[0]
    start = clock()
    from app import create_app
    app = create_app()
    rows.append(("app start (imports, migrations, guide library)", *since(start), ""))

    from pypdf import PdfReader

    from app.guides import library
    from app.handouts import batch, pdf, stickers
    from app.languages import CODES
    from app.store import get_db

    with app.app_context():
        lib = library()
        db = get_db()
        guides = lib.ordered()
        pairs = [(g, lang) for g in guides for lang in CODES]

        start = clock()
        pdf.handout_pdf(db, guides[0], "da")
        rows.append(("first handout in a new process (loads WeasyPrint and fonts)", *since(start), ""))

        singles = []
        for guide, lang in [(guides[i % len(guides)], CODES[i % len(CODES)]) for i in range(1, 11)]:
            start = clock()
            pdf.handout_pdf(db, guide, lang)
            singles.append((since(start), f"{guide.slug}/{lang}"))
        walls = [s[0][0] for s in singles]
        cpus = [s[0][1] for s in singles]
        slowest = max(singles, key=lambda s: s[0][0])
        rows.append(("one handout PDF, not cached (median of 10 guide/language pairs)",
                     statistics.median(walls), statistics.median(cpus),
                     f"slowest {slowest[0][0]:.2f} s ({slowest[1]})"))

        start = clock()
        for _ in range(10):
            pdf.handout_pdf(db, guides[1], "uk")
        wall, cpu = since(start)
        rows.append(("one handout PDF, from the cache", wall / 10, cpu / 10, ""))

        app.config["HANDOUTS_CACHE"] = str(temp / "empty-cache")
        start = clock()
        whole = batch.batch_pdf(db, pairs)
        wall, cpu = since(start)
        pages = len(PdfReader(io.BytesIO(whole)).pages)
        rows.append((f"whole library, {len(guides)} guides × {len(CODES)} languages, nothing cached",
                     wall, cpu, f"{len(pairs)} handouts, {pages} pages, {len(whole) // 1024} KB, "
                     f"{wall / len(pairs):.2f} s per handout"))

        start = clock()
        batch.batch_pdf(db, pairs)
        rows.append(("whole library again, all cached", *since(start), "merging the cached PDFs"))

        start = clock()
        stickers.stickers_pdf(db, [(g, "uk") for g in guides], "uk")
        rows.append((f"sticker sheet, {len(guides)} guides", *since(start), ""))

    # The command staff would script, in a fresh process and a fresh instance folder.
    env = dict(os.environ, TRINVIS_INSTANCE=str(temp / "cli-instance"))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([str(ROOT / ".venv/bin/flask"), "--app", "app", "handouts", "pdf", "--all", "-o",
                    str(temp / "all.pdf")], cwd=ROOT, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    rows.append(("`flask --app app handouts pdf --all -o FILE`, new process, nothing cached", wall, cpu,
                 "the whole command, start-up included"))

    load = f"{load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
    table = [f"### Handouts ({dt.date.today().isoformat()}, `bench/handouts.py`)", "",
             f"Machine: {os.cpu_count()} cores; 1-minute load average {load} (a load above "
             f"{os.cpu_count()} means other work shared the cores and the wall times are upper bounds).", "",
             "| what | wall s | CPU s | notes |", "| --- | ---: | ---: | --- |"]
    table += [f"| {what} | {wall:.2f} | {cpu:.2f} | {notes} |" for what, wall, cpu, notes in rows]
    text = "\n".join(table) + "\n"
    print(text)
    if record:
        results = ROOT / "bench" / "RESULTS.md"
        with results.open("a", encoding="utf-8") as fh:
            fh.write(("\n" if results.exists() and results.stat().st_size else "# Benchmark results\n\n") + text)
        print(f"appended to {results}")


if __name__ == "__main__":
    main("--record" in sys.argv[1:])
