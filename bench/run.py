"""``make bench``: measure jhro on a 100,000-case demo caseload and write bench/RESULTS.md.

    python -m bench.run                   every figure at 100,000 cases, growth at 10,000
    python -m bench.run --scale 1000000   only the growth row for 1,000,000 cases (long)

Each figure is repeated (--repeat, at least 5) and stands beside a baseline measured in
the same run: the same SQL through sqlcipher3 plus the paint (the same figure with the
database answered from memory) for screens, a plain
SQLite copy for SQLCipher's overhead, a minimal Textual app for the cold start, a stock
DataTable for the bytes of a cursor move.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import (
    advocacy,
    caseload,
    detention,
    exchange,
    justice,
    machine,
    rawsql,
    report,
    statistics,
    terminal,
)
from bench.session import MEMORY
from bench.stats import Row, Samples, Target

RESULTS = caseload.BENCH_DIR / "RESULTS.md"
GROWTH = caseload.BENCH_DIR / "growth.json"

SCREEN = Target("< 100 ms, ≤ 2× baseline", limit=0.100, ratio=2.0)
SEARCH = Target("< 50 ms, ≤ 2× baseline", limit=0.050, ratio=2.0)
SCREEN_FIGURES = [
    ("home.officer", "Home screen, officer (a fresh one, as after a login)", SCREEN),
    ("home.supervisor", "Home screen, supervisor (a fresh one)", SCREEN),
    ("list.first_page", "Case list, first page (F3)", SCREEN),
    ("list.filter", "Case list, apply a filter (status: draft, ctrl+s)", SCREEN),
    ("list.search_keystroke", "Case list, search keystroke (`arres` → `arrest`)", SEARCH),
    ("list.search_widest", "Case list, search keystroke, the widest search (`pr` → `pre`)", SEARCH),
    ("list.scroll_10_pages", "Case list, scroll 10 pages (10 × PageDown)", SCREEN),
    ("list.last_row", "Case list, jump to the last row (End)", SCREEN),
    ("case.open", "Open a case, all sections (Enter)", SCREEN),
    ("case.save", "Save an edited case (ctrl+s; audit, anchor, FTS)", SCREEN),
]
OVERHEAD_FIGURES = ["home.officer", "home.supervisor", "list.first_page", "list.filter",
                    "list.search_keystroke", "list.search_widest", "list.last_row",
                    "case.open"]


def today() -> str:
    return dt.datetime.now().astimezone().date().isoformat()


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def run_session(data_dir: Path, repeat: int, *, supervisor: bool,
                memory_only: bool = False) -> dict[str, Any]:
    """The Pilot session in a child process (its peak RSS is the session's); with
    ``memory_only``, the same screens with the database answered from memory."""
    with tempfile.TemporaryDirectory(dir=caseload.SCRATCH) as scratch:
        out = Path(scratch) / "session.json"
        command = [sys.executable, "-m", "bench.session", "--data-dir", str(data_dir),
                   "--out", str(out), "--repeat", str(repeat)]
        if not supervisor:
            command.append("--no-supervisor")
        command.append("--memory-only" if memory_only else "--no-memory")
        subprocess.run(command, cwd=caseload.REPO, env=caseload.bench_environment(),
                       check=True)
        result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return result


def seconds_of(session: dict[str, Any], name: str) -> list[float]:
    return list(session["figures"].get(name, {}).get("seconds", []))


def raw_baselines(data_dir: Path, session: dict[str, Any], repeat: int
                  ) -> tuple[dict[str, list[float]], Any]:
    """The raw-SQL time of each figure's statements, and the open raw connection."""
    key = rawsql.database_key(data_dir, "officer", caseload.PASSPHRASE)
    conn = rawsql.connect(data_dir / "jhro.db", key)
    figures = session["figures"]
    raw: dict[str, list[float]] = {}
    for name, _label, _target in SCREEN_FIGURES:
        statements = figures.get(name, {}).get("statements", [])
        if not statements:
            continue
        if name == "case.save":
            raw[name] = rawsql.replay(conn, rawsql.work_of(statements), repeat, write=True)
        else:
            raw[name] = rawsql.replay(conn, rawsql.reads_of(statements), repeat)
    # Unlock beyond Argon2id: open the file with the key, then the home screen's queries,
    # on a fresh connection each time.
    home = rawsql.reads_of(figures.get("home.officer", {}).get("statements", []))
    opened = []
    for _ in range(repeat):
        started = time.perf_counter()
        fresh = rawsql.connect(data_dir / "jhro.db", key)
        rawsql.run_once(fresh, home)
        opened.append(time.perf_counter() - started)
        fresh.close()
    raw["unlock.beyond_argon2id"] = opened
    return raw, conn


def sqlcipher_overhead(conn: Any, data_dir: Path, session: dict[str, Any], repeat: int
                       ) -> list[Row]:
    """The same reads on the encrypted database and on a plain copy, deleted after."""
    figures = session["figures"]
    rows = []
    total_encrypted: list[float] = [0.0] * repeat
    total_plain: list[float] = [0.0] * repeat
    with rawsql.plain_copy(conn, data_dir.parent / f"plain-{data_dir.name}.db") as path:
        plain = rawsql.connect(path, None)
        try:
            for name in OVERHEAD_FIGURES:
                reads = rawsql.reads_of(figures.get(name, {}).get("statements", []))
                if not reads:
                    continue
                encrypted = rawsql.replay(conn, reads, repeat)
                clear = rawsql.replay(plain, reads, repeat)
                total_encrypted = [a + b for a, b in zip(total_encrypted, encrypted,
                                                         strict=True)]
                total_plain = [a + b for a, b in zip(total_plain, clear, strict=True)]
                label = next(text for key, text, _t in SCREEN_FIGURES if key == name)
                rows.append(Row(f"SQL of: {label}", "s", Samples.of(encrypted),
                                Samples.of(clear), "plain SQLite",
                                Target("≤ 1.3× plain", ratio=1.3)))
        finally:
            plain.close()
    rows.append(Row("**All of the above**", "s", Samples.of(total_encrypted),
                    Samples.of(total_plain), "plain SQLite", Target("≤ 1.3× plain",
                                                                    ratio=1.3)))
    return rows


def demo_rates(cases: int, seed: int, runs: int) -> tuple[list[caseload.Build], Path]:
    builds = []
    directory = caseload.demo_dir(cases, seed)
    for run in range(runs):
        log(f"jhro demo --cases {cases:,}: run {run + 1} of {runs}")
        builds.append(caseload.build(directory, cases, seed))
    caseload.record(directory, builds[-1])
    return builds, directory


def big_demo_rates(cases: int, seed: int, runs: int,
                   this_run: caseload.Build | None) -> list[caseload.Build]:
    """``runs`` builds of the large caseload, counting the one made for the session in this
    run, the others in a directory of their own, removed afterwards: one build is one
    sample, and on this VM consecutive builds differ by up to a fifth."""
    builds = [this_run] if this_run is not None else []
    directory = caseload.SCRATCH / f"demo-{cases}-s{seed}-rate"
    try:
        while len(builds) < runs:
            log(f"jhro demo --cases {cases:,}: run {len(builds) + 1} of {runs}")
            builds.append(caseload.build(directory, cases, seed))
    finally:
        if directory.exists():
            shutil.rmtree(directory)
    return builds


def growth_entry(session: dict[str, Any], raw: dict[str, list[float]]) -> dict[str, Any]:
    entry: dict[str, Any] = {"measured": today(),
                             "peak_rss_kib": session["peak_rss_kib"]}
    for name in ("list.first_page", "list.search_keystroke", "case.open"):
        entry[name] = seconds_of(session, name)
        if name in raw:
            entry[name + ".raw"] = raw[name]
    return entry


def load_growth() -> dict[str, Any]:
    if GROWTH.exists():
        data: dict[str, Any] = json.loads(GROWTH.read_text(encoding="utf-8"))
        return data
    return {}


def save_growth(growth: dict[str, Any]) -> None:
    GROWTH.write_text(json.dumps(growth, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def measure_growth(cases: int, seed: int, repeat: int, data_dir: Path | None = None
                   ) -> dict[str, Any]:
    if data_dir is None:
        data_dir, _build, _built = caseload.ensure(cases, seed, log)
    caseload.warm_up(data_dir)
    log(f"growth: session at {cases:,} cases")
    session = run_session(data_dir, repeat, supervisor=False)
    raw, conn = raw_baselines(data_dir, session, repeat)
    conn.close()
    return growth_entry(session, raw)


def scale_only(cases: int, seed: int, repeat: int) -> int:
    entry = measure_growth(cases, seed, repeat)
    growth = load_growth()
    growth[str(cases)] = entry
    save_growth(growth)
    if RESULTS.exists():
        text = RESULTS.read_text(encoding="utf-8")
        RESULTS.write_text(report.replace_growth(text, report.growth_table(growth)),
                           encoding="utf-8")
    log(f"growth row for {cases:,} cases written to {RESULTS}")
    return 0


def screen_rows(session: dict[str, Any], raw: dict[str, list[float]]) -> list[Row]:
    """Each screen against its SQL plus its paint: the same figure with every database
    call answered from memory (Textual putting the screen up, and jhro's UI code)."""
    rows = []
    figures = session["figures"]
    for name, label, target in SCREEN_FIGURES:
        figure = figures.get(name)
        if not figure:
            rows.append(Row(label, "s", Samples(()), target=target))
            continue
        memory = Samples.of(figures.get(name + MEMORY, {}).get("seconds", [])).median
        layout = Samples.of(figure["paint"]).median
        baseline = Samples.of([value + memory for value in raw.get(name, [])])
        rows.append(Row(label, "s", Samples.of(figure["seconds"]), baseline,
                        f"(SQL {rawsql_label(raw.get(name))} + paint "
                        f"{report.number(memory, 's')}, of which layout and render "
                        f"{report.number(layout, 's')})", target))
    return rows


def rawsql_label(values: list[float] | None) -> str:
    return report.number(Samples.of(values).median, "s") if values else "—"


def full_run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    about = machine.describe()
    tag = f"{about['cpu'].split(' Processor')[0]}, {about['cores']} cores"
    rows: list[Row] = []

    data_dir, build, built = caseload.ensure(args.cases, args.seed, log)
    log(f"caseload: {data_dir} ({'built now' if built else 'reused'})")
    caseload.warm_up(data_dir)

    log("session at 100,000 cases (Pilot, 120×40)")
    session = run_session(data_dir, args.repeat, supervisor=True)
    # Apart, so that the session's peak memory stays that of the rounds it measures.
    log("the same screens with the database answered from memory")
    memory = run_session(data_dir, args.repeat, supervisor=True, memory_only=True)
    session["figures"].update(memory["figures"])
    session["memory_misses"] = memory["memory_misses"]
    log("raw SQL baselines")
    raw, conn = raw_baselines(data_dir, session, args.repeat)
    log("SQLCipher against a plain copy")
    overhead = sqlcipher_overhead(conn, data_dir, session, args.repeat)
    conn.close()

    log("cold starts (pty)")
    jhro_start, minimal_start = terminal.cold_starts(data_dir, args.repeat)
    log("bytes to the terminal (pty, 80×24)")
    traffic = terminal.traffic(data_dir, args.repeat)

    builds, small_dir = demo_rates(args.growth_cases, args.seed, args.demo_runs)
    big_builds = big_demo_rates(args.cases, args.seed, args.big_demo_runs,
                                build if built else None)
    growth_small = measure_growth(args.growth_cases, args.seed, args.repeat, small_dir)

    # -- the rows ------------------------------------------------------------------------
    rows.append(Row("Cold start: `jhro` to the login screen (pty)", "s",
                    Samples.of(jhro_start), Samples.of(minimal_start),
                    "minimal Textual app", Target("< 1 s", limit=1.0)))
    figures = session["figures"]
    rows.append(Row("Unlock: Argon2id step (64 MiB, t=3, p=4)", "s",
                    Samples.of(seconds_of(session, "unlock.argon2id")),
                    note="the deliberate cost of the passphrase"))
    rows.append(Row("Unlock: database to the first screen with data, beyond Argon2id", "s",
                    Samples.of(seconds_of(session, "unlock.beyond_argon2id")),
                    Samples.of(raw.get("unlock.beyond_argon2id", [])),
                    "(raw: open with the key + home SQL)", Target("< 1 s", limit=1.0)))
    rows.extend(screen_rows(session, raw))
    log("justice screen's service and report")
    rows.extend(justice.measure(data_dir, args.repeat))
    log("detention screen's service, home line and report")
    rows.extend(detention.measure(data_dir, args.repeat))
    log("advocacy board, list, a law's page and report")
    rows.extend(advocacy.measure(data_dir, args.repeat))
    log("statistics for a year, office and national")
    rows.extend(statistics.measure(data_dir, args.repeat))
    log("import of 10,000 cases into an empty database, and their export")
    rows.extend(exchange.measure(args.repeat, log=log))
    rss_small = growth_small["peak_rss_kib"]
    rows.append(Row(f"Peak RSS, whole Pilot session (officer and supervisor, "
                    f"×{args.repeat} each)", "KiB",
                    Samples.of([session["peak_rss_kib"]]), Samples.of([rss_small]),
                    f"(same session at {args.growth_cases:,} cases)",
                    Target("< 250 MB", limit=250 * 1024)))
    if traffic.peak_rss_kib:
        rows.append(Row("Peak RSS, real `jhro` process in a pty (login, list, search)", "KiB",
                        Samples.of([traffic.peak_rss_kib]), target=Target(
                            "< 250 MB", limit=250 * 1024)))
    rows.append(Row(f"`jhro demo --cases {args.growth_cases:,}` (cases/s, accounts apart)",
                    "cases/s", Samples.of([b.cases_per_second for b in builds]),
                    target=Target("≥ 5,000/s", limit=5000, higher_is_better=True)))
    if big_builds:
        rows.append(Row(f"`jhro demo --cases {args.cases:,}` (cases/s, accounts apart)",
                        "cases/s", Samples.of([b.cases_per_second for b in big_builds]),
                        target=Target("≥ 5,000/s", limit=5000, higher_is_better=True)))
    rows.append(Row("Bytes written for a one-row cursor move (80×24)", "B",
                    Samples.of(traffic.cursor_move), Samples.of(traffic.stock_datatable_move),
                    "stock DataTable", Target("< 1 KB", limit=1024)))
    rows.append(Row("Bytes written for a search keystroke (80×24, `arrest` typed)", "B",
                    Samples.of(traffic.search_keystroke),
                    note="the list below is repainted"))
    for key, label in terminal.CASE_FILE_KEYS.items():
        rows.append(Row(f"Bytes written for {label} in a case file (80×24)", "B",
                        Samples.of(traffic.case_file.get(key, [])),
                        target=Target("< 4 KB (one screen)", limit=4096)))

    growth = load_growth()
    growth[str(args.growth_cases)] = growth_small
    growth[str(args.cases)] = growth_entry(session, raw)
    save_growth(growth)

    elapsed = time.perf_counter() - started
    write_results(rows, overhead, growth, about, tag, args, elapsed, built, figures,
                  session.get("memory_misses", 0))
    log(f"done in {elapsed / 60:.1f} min: {RESULTS}")
    return 0


def write_results(rows: list[Row], overhead: list[Row], growth: dict[str, Any],
                  about: dict[str, str], tag: str, args: argparse.Namespace, elapsed: float,
                  built: bool, figures: dict[str, Any], memory_misses: int) -> None:
    missed = [row.figure for row in rows + overhead if row.verdict is False]
    measured = {name: figure for name, figure in figures.items()
                if not name.endswith(MEMORY)}
    statements = {name: len(rawsql.reads_of(figure.get("statements", [])))
                  for name, figure in measured.items()}
    collections = {name: Samples.of(figure["gc"]) for name, figure in measured.items()
                   if figure.get("gc")}
    lines = [
        "# jhro benchmarks",
        "",
        f"Generated by `make bench` (`python -m bench.run`) on {today()}"
        f" in {elapsed / 60:.1f} min, on a {args.cases:,}-case demo caseload "
        f"(`jhro demo --cases {args.cases} --seed {args.seed}`, "
        f"{'built in this run' if built else 'reused from bench/scratch'}). "
        f"Each figure: median, min and max of {args.repeat} runs. How to read it and how to "
        "profile a figure: bench/README.md.",
        "",
        f"**Machine ({tag}):** " + "; ".join(f"{key} {value}" for key, value in about.items()),
        "",
        "## Figures",
        "",
        report.figures_table(rows, tag),
        "",
        "Screens are driven through Pilot (headless, 120×40) and timed from the key press to "
        "the last paint of the updated screen; their baseline is the SQL they ran, replayed "
        "through sqlcipher3, plus the paint: the same figure again, every database call "
        "answered with what it returned before (the screen put up by Textual and jhro's UI "
        "code, no database, no worker thread); \"layout and render\" is the part of it "
        "spent inside Textual's layout and compositor. Database calls of those rounds that "
        f"found no answer in memory and ran for real: {memory_misses}. "
        "Read statements per "
        "figure: " + ", ".join(f"{name} {count}" for name, count in sorted(statements.items())
                               if count) + ". Garbage collection inside each figure (median, "
        "max): " + ", ".join(f"{name} {report.number(gc.median, 's')}, "
                             f"{report.number(gc.high, 's')}"
                             for name, gc in sorted(collections.items())) + ".",
        "",
        "## SQLCipher against plain SQLite (the same statements, replayed)",
        "",
        report.figures_table(overhead, tag),
        "",
        "## How cost grows with the caseload",
        "",
        report.growth_table(growth),
        "",
        "The 1,000,000-case row is measured only by `python -m bench.run --scale 1000000`.",
        "",
        "## Missed targets",
        "",
        *([f"- {figure}" for figure in missed] or ["- none"]),
        "",
    ]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=7,
                        help="runs of each figure (at least 5; 7 keeps a stray garbage "
                             "collection out of the median)")
    parser.add_argument("--growth-cases", type=int, default=10_000)
    parser.add_argument("--demo-runs", type=int, default=5)
    parser.add_argument("--big-demo-runs", type=int, default=5,
                        help="builds of the --cases caseload timed for its rate")
    parser.add_argument("--scale", type=int, help="measure only the growth row for N cases")
    args = parser.parse_args(argv)
    if args.repeat < 5:
        parser.error("--repeat must be at least 5")
    caseload.SCRATCH.mkdir(parents=True, exist_ok=True)
    if args.scale:
        return scale_only(args.scale, args.seed, args.repeat)
    return full_run(args)


if __name__ == "__main__":
    raise SystemExit(main())
