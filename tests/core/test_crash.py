"""Crashes and crowds: a writer killed 200 times, and four writers at once.

Writers are forked from the test process (a fork costs milliseconds where a fresh
interpreter costs a quarter of a second), log in through the services with the fixture's
cheap KDF, and report each committed sequence number on a pipe before starting the next
transaction. The test process holds no database connection while they run.
"""

from __future__ import annotations

import os
import random
import select
import time
from collections.abc import Callable

import pytest

from jhro_tui.security import keys
from jhro_tui.security.vault import probe, read_only
from jhro_tui.store.models import Account
from tests.conftest import ADMIN, OFFICER, SUPERVISOR, VaultDir
from tests.core.support import fork_child, inspect, kill_and_reap, read_all, report

KILL_RUNS = 200


def _audited_writer(vault: VaultDir, run: int, name: str = ADMIN,
                    seconds: float | None = None) -> Callable[[int], None]:
    """A child body: log in, then update an account and audit it, over and over.

    Each report is ``SEQ LABEL`` once the transaction has committed; SEQ is the chain's
    head just after the commit, exact only while this writer is alone.
    """

    def body(fd: int) -> None:
        session = vault.login(name)
        report(fd, "ready")
        deadline = None if seconds is None else time.monotonic() + seconds
        number = 0
        while deadline is None or time.monotonic() < deadline:
            number += 1
            label = f"run={run} name={name} n={number}"
            with session.write() as audit:
                Account.update(full_name=label).where(Account.name == name).execute()
                audit("test.write", f"account:{name}", label)
            head = session.vault.audit.head()
            report(fd, f"{head.seq} {label}")  # type: ignore[union-attr]
        session.close()

    return body


def _committed(lines: list[str]) -> list[tuple[int, str]]:
    errors = [line for line in lines if line.startswith("ERROR")]
    assert not errors, errors
    return [(int(seq), label) for seq, label in
            (line.split(" ", 1) for line in lines if line != "ready")]


def _lines_until_first_commit(fd: int, context: str, timeout: float = 60.0) -> list[str]:
    """Read the child's report up to its first committed write (left for read_all after)."""
    deadline = time.monotonic() + timeout
    data = b""
    while True:
        lines = data.split(b"\n")
        complete = [line.decode() for line in lines[:-1]]
        if any(line != "ready" for line in complete):
            break
        remaining = deadline - time.monotonic()
        assert remaining > 0, f"{context}: no write within {timeout:.0f} s: {complete}"
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            continue
        chunk = os.read(fd, 1)  # byte by byte: what follows stays in the pipe
        assert chunk, f"{context}: the writer stopped before writing: {complete}"
        data += chunk
    return complete


@pytest.mark.slow
def test_writer_killed_200_times_loses_nothing_it_reported(vault: VaultDir) -> None:
    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)
    roots = vault.roots()
    db_key = keys.hkdf(roots[0], keys.LABEL_DATABASE)
    reported: dict[int, str] = {}
    runs_with_writes = 0
    for run in range(KILL_RUNS):
        pid, fd = fork_child(_audited_writer(vault, run))
        if run % 4 == 0:
            # A kill at any moment, logging in included.
            time.sleep(rng.uniform(0.0, 0.15))
            early: list[str] = []
        else:
            # A kill in the middle of writing, however slow the machine is today: a time
            # after the fork alone left half the runs killed before their first commit
            # on a loaded CI machine.
            early = _lines_until_first_commit(fd, context=f"run {run}")
            time.sleep(rng.uniform(0.0, 0.03))
        kill_and_reap(pid)
        lines = early + read_all(fd)
        if "ready" not in lines:
            # Killed while logging in: the login throttle counts that as a failure (a kill
            # must not evade it), so after a few the next writer would be refused. This
            # test is about writes: a successful login clears the count.
            vault.login(ADMIN).close()
        committed = _committed(lines)
        runs_with_writes += bool(committed)
        reported.update(committed)

        context = f"run {run}, seed {seed}"
        probe(vault.paths, db_key)  # opens: key, header, anchor all agree
        seen = inspect(vault, roots)
        assert seen.integrity_problems == [], context
        assert seen.chain.intact, (context, seen.chain)
        by_seq = {row.seq: row for row in seen.rows}
        for seq, label in committed:
            assert by_seq[seq].detail == label, context
        # The change and its audit row committed together, or neither did.
        last_write = [row for row in seen.rows if row.action == "test.write"]
        if last_write:
            with read_only(vault.paths, roots) as view:
                (full_name,) = view.execute("SELECT full_name FROM account WHERE name = ?",
                                            (ADMIN,)).fetchone()
            assert full_name == last_write[-1].detail, context
    seen = inspect(vault)
    assert all(seen.rows[seq - 1].detail == label for seq, label in reported.items())
    # Three runs in four wait for a first commit before the kill: they must all have written.
    assert runs_with_writes >= KILL_RUNS * 3 // 4, f"only {runs_with_writes} runs wrote"


@pytest.mark.slow
def test_four_writers_at_once_lose_nothing_and_never_see_a_lock_error(vault: VaultDir
                                                                      ) -> None:
    writers = [(ADMIN, 0), (OFFICER, 1), (SUPERVISOR, 2), (ADMIN, 3)]
    children = [fork_child(_audited_writer(vault, run, name, seconds=4.0))
                for name, run in writers]
    outputs = []
    for pid, fd in children:
        outputs.append(read_all(fd))
        _, status = os.waitpid(pid, 0)
        assert os.WIFEXITED(status), outputs[-1][-1:]
        assert os.WEXITSTATUS(status) == 0, outputs[-1][-1:]
    committed = [entry for lines in outputs for entry in _committed(lines)]
    assert all(len(_committed(lines)) >= 20 for lines in outputs), \
        [len(lines) for lines in outputs]

    seen = inspect(vault)
    assert seen.integrity_problems == []
    assert seen.chain.intact, seen.chain
    assert [row.seq for row in seen.rows] == list(range(1, len(seen.rows) + 1))
    written = [row.detail for row in seen.rows if row.action == "test.write"]
    assert sorted(written) == sorted(label for _, label in committed)
    assert len(set(written)) == len(written)


@pytest.mark.slow
def test_opening_while_another_process_writes_never_raises_a_false_alarm(
        vault: VaultDir) -> None:
    """Each commit is anchored just after it; a probe in between must not see the
    database as behind its anchor (it read the chain's head, then a newer anchor)."""
    db_key = keys.hkdf(vault.roots()[0], keys.LABEL_DATABASE)
    pid, fd = fork_child(_audited_writer(vault, 0, seconds=3.0))
    probes = 0
    deadline = time.monotonic() + 2.5
    try:
        while time.monotonic() < deadline:
            probe(vault.paths, db_key)
            probes += 1
    finally:
        lines = read_all(fd)
        os.waitpid(pid, 0)
    assert len(_committed(lines)) >= 20 and probes >= 20, (len(lines), probes)
