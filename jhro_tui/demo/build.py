"""``jhro demo``: a synthetic but realistic caseload for demonstrations, training and
benchmarks.

``build_demo`` writes only into an empty directory or into a demo directory it made
itself (marked by ``.jhro-demo``, which also says whether the build finished); it never
touches a real database. The same seed gives the same caseload: each case draws from its
own random generator seeded by (seed, case number), and every date derives from a fixed
window, not from the clock.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from dataclasses import dataclass

from jhro_tui.config import Paths
from jhro_tui.demo import writer
from jhro_tui.demo.ids import WINDOW_END
from jhro_tui.demo.offices import (
    DEMO_PASSPHRASE,
    DemoAccount,
    create_with_accounts,
    demo_accounts,
)
from jhro_tui.demo.supply import start_workers
from jhro_tui.errors import UsageError
from jhro_tui.i18n import N_, _
from jhro_tui.security import keys
from jhro_tui.security.files import ensure_private_dir
from jhro_tui.services import demo_marker
from jhro_tui.services.accounts import NewAccount, validate_new_account
from jhro_tui.services.demo_marker import DemoBuild

# --- guarding the directory -----------------------------------------------------------------

def _prepare_directory(paths: Paths, cases: int, seed: int) -> None:
    """Refuse anything but an empty directory or a demo directory this builder made; mark
    it as a demo being built (``demo_marker``) until the build finishes."""
    directory = paths.data_dir
    if directory.exists() and any(directory.iterdir()):
        if demo_marker.read(paths) is None:
            raise UsageError(N_("{path} is not empty and is not a demo directory: refusing to "
                                "build a demo caseload there."), path=directory)
        # The marker goes last: a removal cut short still leaves a demo directory.
        for path in sorted(directory.iterdir(), key=lambda path: path == paths.demo_marker):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
    ensure_private_dir(directory)
    demo_marker.write(paths, DemoBuild(False, cases, seed))


@dataclass(frozen=True)
class DemoResult:
    """What ``build_demo`` made and how long it took."""

    accounts: tuple[DemoAccount, ...]
    cases: int
    seconds_accounts: float
    seconds_cases: float

    @property
    def cases_per_second(self) -> float:
        return self.cases / self.seconds_cases if self.seconds_cases else 0.0


def build_demo(paths: Paths, cases: int = 2000, seed: int = 1, report: writer.Report = print,
               *, end: dt.date | None = None, workers: int | None = None,
               kdf: keys.KdfParams = keys.DEFAULT_KDF) -> DemoResult:
    """Build the demo caseload in ``paths.data_dir`` (empty, or a demo directory).

    ``workers`` processes generate cases while this one writes them (default: one per CPU
    besides this process's, up to 3); the caseload is the same whatever their number.
    Accounts get the default key-derivation cost, as real ones do; ``kdf`` exists for
    tests.
    """
    if cases < 0:
        raise UsageError(N_("The number of cases cannot be negative."))
    end = min(end or WINDOW_END, dt.datetime.now(dt.UTC).date())
    people = demo_accounts()
    for person in people:
        validate_new_account(NewAccount(person.name, person.role, person.full_name,
                                        person.office, scope=person.scope))
    _prepare_directory(paths, cases, seed)
    if workers is None:
        # This process writes, and makes pieces whenever it would otherwise wait.
        workers = min(3, (os.cpu_count() or 1) - 1)
    with start_workers(workers if cases > writer.PIECE else 0) as pool:
        started = time.perf_counter()
        vault = create_with_accounts(paths, people, seed, kdf)
        try:
            accounts_seconds = time.perf_counter() - started
            report(_("Created {count} demo accounts in {seconds:.1f} s.").format(
                count=len(people), seconds=accounts_seconds))
            started = time.perf_counter()
            writer.build_cases(vault, cases, seed, end, report, pool, workers)
            cases_seconds = time.perf_counter() - started
            started = time.perf_counter()
            vault.db.execute_sql("ANALYZE")
            vault.checkpoint()
            statistics_seconds = time.perf_counter() - started
        finally:
            vault.close()
    demo_marker.write(paths, DemoBuild(True, cases, seed))
    rate = cases / cases_seconds if cases_seconds else 0.0
    report(_("Built {count} cases in {seconds:.1f} s ({rate:.0f} cases/s) in {path}.").format(
        count=cases, seconds=cases_seconds, rate=rate, path=paths.data_dir))
    report(_("Gathered the query planner's statistics in {seconds:.1f} s.").format(
        seconds=statistics_seconds))
    report("")
    report(_("Demo accounts (passphrase for all: {passphrase}):").format(
        passphrase=DEMO_PASSPHRASE))
    for person in people:
        national = ("  (" + _("statistics of every office") + ")"
                    if person.scope == "national" else "")
        report(f"  {person.name:<22} {person.role:<11} {person.office:<11} {person.full_name}"
               f"{national}")
    return DemoResult(tuple(people), cases, accounts_seconds, cases_seconds)


