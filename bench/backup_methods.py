"""How ``jhro backup`` copies the live database: SQLite's online backup API or ``VACUUM INTO``.

``python -m bench.backup_methods DATA_DIR [--account admin]`` (the demo's admin and
passphrase by default) copies the encrypted database of DATA_DIR four ways while another
process writes to it (one audited commit after another, as fast as the disk allows, the
way a busy office's sessions write), and prints for each: the time, the copy's size, how
many commits the writer made meanwhile, how often the copy started over, whether the copy
is consistent (every page's HMAC, the B-tree, the audit chain) and what its chain's head
is. Nothing is written to the data directory but the writer's audit events; the copies go
to a private folder beside it and are removed.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import time
from pathlib import Path
from typing import Any

from sqlcipher3 import dbapi2 as sqlcipher

from bench.caseload import PASSPHRASE
from jhro_tui.config import Paths
from jhro_tui.security import keys
from jhro_tui.security.audit import AuditChain, AuditEvent
from jhro_tui.security.keyring import Keyring
from jhro_tui.security.vault import Vault, apply_key, integrity_problems

STEP_PAGES = 256
GIVE_UP_SECONDS = 20.0
"""An incremental copy that starts over at every commit of the writer may never end."""


class GaveUp(Exception):
    pass


def _roots(paths: Paths, account: str, passphrase: str) -> list[bytearray]:
    unlocked = Keyring.load(paths.keyring).unlock(account, passphrase)
    return [bytearray(root) for root in unlocked.roots]


def _writer(data_dir: str, account: str, passphrase: str, stop: Any, count: Any) -> None:
    paths = Paths(Path(data_dir))
    vault = Vault.open(paths, _roots(paths, account, passphrase))
    try:
        while not stop.is_set():
            vault.record(AuditEvent(account, "bench.write", detail=str(count.value)))
            with count.get_lock():
                count.value += 1
    finally:
        vault.close()


def _connect(path: Path, db_key: bytearray, *, read_only: bool = False) -> Any:
    uri = f"file:{path}?mode=ro" if read_only else f"file:{path}"
    conn = sqlcipher.connect(uri, uri=True, isolation_level=None)
    apply_key(conn, path, db_key)
    return conn


def _empty_private(path: Path) -> None:
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def backup_api(source: Path, target: Path, db_key: bytearray, pages: int,
               hold_snapshot: bool) -> int:
    """Returns how many times the copy started over (the remaining count went up)."""
    _empty_private(target)
    src = _connect(source, db_key, read_only=True)
    dst = _connect(target, db_key)
    restarts = 0
    last = [None]
    started = time.perf_counter()

    def progress(_status: int, remaining: int, _total: int) -> None:
        nonlocal restarts
        if last[0] is not None and remaining > last[0]:
            restarts += 1
        last[0] = remaining
        if time.perf_counter() - started > GIVE_UP_SECONDS:
            raise GaveUp(restarts)

    try:
        if hold_snapshot:
            src.execute("BEGIN")
            src.execute("SELECT count(*) FROM sqlite_master").fetchone()
        src.backup(dst, pages=pages, progress=progress, sleep=0.001)
        if hold_snapshot:
            src.execute("COMMIT")
    finally:
        src.close()
        dst.close()
    return restarts


def vacuum_into(source: Path, target: Path, db_key: bytearray) -> int:
    _empty_private(target)
    src = _connect(source, db_key, read_only=True)
    try:
        src.execute("VACUUM INTO ?", (str(target),))
    finally:
        src.close()
    return 0


def check(target: Path, db_key: bytearray, audit_key: bytearray) -> tuple[bool, int]:
    conn = _connect(target, db_key, read_only=True)
    try:
        problems = integrity_problems(lambda sql: conn.execute(sql))
        chain = AuditChain(conn.execute, audit_key)
        report = chain.verify(None)
        head = chain.head()
        return (not problems and report.intact), head.seq if head else 0
    finally:
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir")
    parser.add_argument("--account", default="admin")
    parser.add_argument("--passphrase", default=PASSPHRASE)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    paths = Paths(Path(args.data_dir).absolute())
    root = _roots(paths, args.account, args.passphrase)[0]
    db_key = keys.hkdf(root, keys.LABEL_DATABASE)
    audit_key = keys.hkdf(root, keys.LABEL_AUDIT)
    scratch = paths.data_dir.with_name(paths.data_dir.name + ".backup-bench")
    scratch.mkdir(mode=0o700, exist_ok=True)
    size = paths.database.stat().st_size
    print(f"database {size / 2**20:.1f} MiB, {size // 4096} pages")
    methods = {
        "backup API, one step": lambda t: backup_api(paths.database, t, db_key, -1, False),
        f"backup API, {STEP_PAGES} pages a step": lambda t: backup_api(
            paths.database, t, db_key, STEP_PAGES, False),
        f"backup API, {STEP_PAGES} pages a step, one read transaction": lambda t: backup_api(
            paths.database, t, db_key, STEP_PAGES, True),
        "VACUUM INTO": lambda t: vacuum_into(paths.database, t, db_key),
    }
    try:
        for name, method in methods.items():
            for run in range(args.runs):
                stop = multiprocessing.Event()
                count = multiprocessing.Value("i", 0)
                writer = multiprocessing.Process(target=_writer, args=(
                    str(paths.data_dir), args.account, args.passphrase, stop, count))
                writer.start()
                while count.value < 5:
                    time.sleep(0.01)
                before = count.value
                target = scratch / f"copy-{run}.db"
                started = time.perf_counter()
                try:
                    restarts = method(target)
                except GaveUp as gave_up:
                    stop.set()
                    writer.join()
                    print(f"{name:55} gave up after {GIVE_UP_SECONDS:.0f} s: "
                          f"{gave_up.args[0]} restarts, {count.value - before} writes")
                    target.unlink()
                    continue
                elapsed = time.perf_counter() - started
                during = count.value - before
                stop.set()
                writer.join()
                ok, head = check(target, db_key, audit_key)
                print(f"{name:55} {elapsed * 1000:7.0f} ms  "
                      f"{target.stat().st_size / 2**20:5.1f} MiB  writes meanwhile {during:4}  "
                      f"restarts {restarts:3}  consistent {ok}  head {head}")
                target.unlink()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        for buffer in (root, db_key, audit_key):
            keys.wipe(buffer)


if __name__ == "__main__":
    main()
