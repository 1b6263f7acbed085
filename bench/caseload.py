"""Demo caseloads for the bench: built once per (cases, seed) in bench/scratch, then reused."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
SCRATCH = BENCH_DIR / "scratch"
REPO = BENCH_DIR.parent
PASSPHRASE = "jhro-demo"
RATE = re.compile(r"Built (\d+) cases in ([\d.]+) s \((\d+) cases/s\)")


@dataclass(frozen=True)
class Build:
    """One run of ``jhro demo``: the builder's own figures and the whole process's time."""

    cases: int
    seconds_cases: float
    """What the builder reports for the cases (accounts and their Argon2id are apart)."""
    seconds_process: float
    """The whole ``jhro demo`` process, accounts included."""

    @property
    def cases_per_second(self) -> float:
        return self.cases / self.seconds_cases if self.seconds_cases else 0.0


def jhro_command() -> list[str]:
    script = Path(sys.executable).with_name("jhro")
    return [str(script)] if script.exists() else [sys.executable, "-m", "jhro_tui"]


def bench_environment() -> dict[str, str]:
    env = dict(os.environ)
    env["JHRO_LANG"] = "en"
    env.pop("JHRO_DATA_DIR", None)
    return env


def build(directory: Path, cases: int, seed: int) -> Build:
    """Run ``jhro demo`` into ``directory`` (removed first) and return its timing."""
    if directory.exists():
        shutil.rmtree(directory)
    directory.with_name(directory.name + ".json").unlink(missing_ok=True)
    directory.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    done = subprocess.run(
        [*jhro_command(), "--data-dir", str(directory), "demo", "--cases", str(cases),
         "--seed", str(seed)],
        env=bench_environment(), capture_output=True, text=True, check=False)
    seconds_process = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"jhro demo failed ({done.returncode}): {done.stderr.strip()}")
    match = RATE.search(done.stdout)
    if match is None:
        raise RuntimeError("jhro demo did not report its rate:\n" + done.stdout[-2000:])
    return Build(int(match.group(1)), float(match.group(2)), seconds_process)


# A caseload is reused only while the code that shaped it is unchanged: the demo builder's
# package, the search text, the models, and every migration (one already applied to a
# caseload is not applied again if it is later edited).
BUILDER_FILES = ("jhro_tui/demo/*.py", "jhro_tui/store/search.py", "jhro_tui/store/models.py",
                 "jhro_tui/store/migrations/[0-9]*.py")


def builder_fingerprint() -> str:
    digest = hashlib.sha256()
    for pattern in BUILDER_FILES:
        for path in sorted(REPO.glob(pattern)):
            digest.update(str(path.relative_to(REPO)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def demo_dir(cases: int, seed: int) -> Path:
    return SCRATCH / f"demo-{cases}-s{seed}"


def ensure(cases: int, seed: int, log=print) -> tuple[Path, Build | None, bool]:  # type: ignore[no-untyped-def]
    """The caseload for (cases, seed): reused when a finished build exists, else built.

    Returns the directory, the build's figures (from when it was built) and whether it
    was built now.
    """
    directory = demo_dir(cases, seed)
    marker = directory.with_name(directory.name + ".json")
    fingerprint = builder_fingerprint()
    if marker.exists() and (directory / "jhro.db").exists():
        recorded = json.loads(marker.read_text(encoding="utf-8"))
        if recorded.pop("fingerprint", None) == fingerprint:
            return directory, Build(**recorded), False
        log(f"the demo builder or the schema changed since {directory} was built")
    log(f"building the {cases:,}-case demo (seed {seed}) in {directory} …")
    result = build(directory, cases, seed)
    record(directory, result)
    return directory, result, True


def record(directory: Path, result: Build) -> None:
    """Mark ``directory`` as a finished build of the current builder."""
    marker = directory.with_name(directory.name + ".json")
    marker.write_text(json.dumps({**result.__dict__, "fingerprint": builder_fingerprint()}),
                      encoding="utf-8")


def warm_up(directory: Path) -> None:
    """Log in once and out, so that pending migrations are not part of any figure."""
    from jhro_tui.config import Paths, Settings
    from jhro_tui.services.session import login

    login(Paths(directory), Settings(), "officer", PASSPHRASE).close()
    # A caseload just written is still being flushed: an fsync (each audit row makes one)
    # would wait behind it.
    os.sync()
