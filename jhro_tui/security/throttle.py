"""Failed-login counters, kept outside the encrypted database so they work before unlock.

After ``free_attempts`` failures, each further attempt for that account name must wait
longer (doubling, capped whatever the count or the clock). Other accounts are never
slowed, so nobody can lock a colleague out. An attempt is counted before its passphrase
is checked and taken back when it was right. Names are stored only as keyed hashes, and
failures wait here until the next successful login copies them into the audit trail
(which needs the key); a damaged file or entry is reset and noted for it the same way.

This only slows guessing on this host: anyone holding a copy of the files is limited by
the Argon2id cost alone.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jhro_tui.errors import AuthenticationFailed, FileProblem, os_reason
from jhro_tui.i18n import N_
from jhro_tui.security.files import atomic_write, exclusive

MAX_PENDING = 1000


class Throttled(AuthenticationFailed):
    def __init__(self, seconds: float) -> None:
        super().__init__(N_("Too many failed attempts for this account: wait {seconds} s "
                            "before trying again."), seconds=max(1, round(seconds)))
        self.seconds = seconds


@dataclass(frozen=True)
class PendingFailure:
    name_hash: str
    at: float


class LoginThrottle:
    def __init__(self, path: Path, lock_path: Path, *, free_attempts: int,
                 base_seconds: float, cap_seconds: float,
                 clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self.lock_path = lock_path
        self.free_attempts = free_attempts
        self.base_seconds = base_seconds
        self.cap_seconds = cap_seconds
        self.clock = clock

    def _load(self) -> dict[str, Any]:
        """The counters, with anything damaged reset and noted for the audit trail.

        The file holds no secret, only counters: an unreadable file or entry must never
        stop a login, but its reset is noted (``repairs``) until a login records it.
        """
        try:
            data = json.loads(self.path.read_bytes())
        except FileNotFoundError:
            return _fresh()
        except (ValueError, RecursionError) as exc:  # RecursionError: a JSON nesting bomb
            return _fresh(repairs=[{"t": self._now(), "what": f"file: {type(exc).__name__}"}])
        if (not isinstance(data, dict) or not isinstance(data.get("accounts"), dict)
                or not _is_secret(data.get("secret"))):
            return _fresh(repairs=[{"t": self._now(), "what": "file: not a counters file"}])
        repairs = [item for item in _list(data.get("repairs"))
                   if isinstance(item, dict) and _is_time(item.get("t"))
                   and isinstance(item.get("what"), str)]
        accounts = {key: state for key, state in data["accounts"].items() if _is_state(state)}
        pending = [item for item in _list(data.get("pending"))
                   if isinstance(item, dict) and isinstance(item.get("h"), str)
                   and _is_time(item.get("t"))]
        dropped = (len(data["accounts"]) - len(accounts)
                   + len(_list(data.get("pending"))) - len(pending))
        if dropped:
            repairs.append({"t": self._now(), "what": f"entries: {dropped}"})
        return {"secret": data["secret"], "accounts": accounts, "pending": pending,
                "repairs": repairs[-MAX_PENDING:], "repaired": bool(dropped)}

    def _now(self) -> float:
        now = self.clock()
        return now if _is_time(now) else 0.0

    def _save(self, data: dict[str, Any]) -> None:
        data["repaired"] = False
        document = {key: value for key, value in data.items() if key != "repaired"}
        atomic_write(self.path, json.dumps(document, sort_keys=True).encode())

    @staticmethod
    def name_hash(data: dict[str, Any], name: str) -> str:
        secret = base64.b64decode(data["secret"])
        return hmac.new(secret, name.encode("utf-8"), hashlib.sha256).hexdigest()

    def delay_for(self, failures: int) -> float:
        if failures < self.free_attempts:
            return 0.0
        # Past 2**64 the cap has long been reached; a float power overflowed near 2**1024.
        doublings = min(failures - self.free_attempts, 64)
        return float(min(self.cap_seconds, self.base_seconds * 2 ** doublings))

    def wait_remaining(self, name: str) -> float:
        """Seconds until ``name`` may try again (0 when it may try now)."""
        with exclusive(self.lock_path):
            data = self._load()
            remaining = self._remaining(data, name)
            if data["repaired"]:
                self._save(data)
        return remaining

    def _remaining(self, data: dict[str, Any], name: str) -> float:
        """The wait ``name`` has left, never more than the delay its count earns, whichever
        way the clock was stepped (marks ``data`` to be saved when it re-anchors it)."""
        state = data["accounts"].get(self.name_hash(data, name))
        if not state:
            return 0.0
        now = self.clock()
        if state["last"] > now:
            # The clock was stepped back: the wait starts again from now, or it would last
            # until the clock caught up (a day back, a day's wait).
            state["last"] = now
            data["repaired"] = True
        delay = self.delay_for(state["failures"])
        last: float = state["last"]
        return min(delay, max(0.0, last + delay - now))

    def begin_attempt(self, name: str) -> float:
        """Count an attempt for ``name`` as failed before its passphrase is checked, or
        raise ``Throttled``; ``accept_attempt`` takes it back if the passphrase is right.

        Counted first, so that attempts run side by side, or a process killed during the
        check, are slowed down like any other; and an attempt that cannot be counted (a
        full or read-only disk) is refused before any passphrase is checked.
        """
        try:
            with exclusive(self.lock_path):
                data = self._load()
                remaining = self._remaining(data, name)
                if remaining > 0:
                    if data["repaired"]:
                        self._save(data)
                    raise Throttled(remaining)
                at = self._count_failure(data, name)
                self._save(data)
                return at
        except OSError as exc:
            raise FileProblem(N_("Cannot record the login attempt in {path}: {reason}. No "
                                 "passphrase is checked until it can be."),
                              path=self.path, reason=os_reason(exc)) from exc

    def accept_attempt(self, name: str, at: float) -> None:
        """Take back the attempt ``begin_attempt`` counted at ``at``: its passphrase was
        right. Earlier failures stay until ``record_success``."""
        with exclusive(self.lock_path):
            data = self._load()
            key = self.name_hash(data, name)
            state = data["accounts"].get(key)
            if state is not None:
                state["failures"] -= 1
                if state["failures"] <= 0:
                    del data["accounts"][key]
            reservation = {"h": key, "t": at}
            if reservation in data["pending"]:
                data["pending"].remove(reservation)
            self._save(data)

    def _count_failure(self, data: dict[str, Any], name: str) -> float:
        key = self.name_hash(data, name)
        state = data["accounts"].setdefault(key, {"failures": 0, "last": 0.0})
        state["failures"] = state["failures"] + 1
        state["last"] = self._now()
        data["pending"] = (data["pending"] + [{"h": key, "t": state["last"]}])[-MAX_PENDING:]
        at: float = state["last"]
        return at

    def _load_repaired(self) -> dict[str, Any]:
        """``_load``, writing the file back at once if anything had to be reset (the
        caller holds the lock)."""
        data = self._load()
        if data["repaired"]:
            self._save(data)
        return data

    def record_success(self, name: str) -> None:
        with exclusive(self.lock_path):
            data = self._load()
            if data["accounts"].pop(self.name_hash(data, name), None) is not None or \
                    data["repaired"]:
                self._save(data)

    def take_pending(self, known_names: list[str]) -> list[tuple[str | None, float]]:
        """Remove and return the recorded failures as (account name or None, time)."""
        with exclusive(self.lock_path):
            data = self._load_repaired()
            if not data["pending"]:
                return []
            by_hash = {self.name_hash(data, name): name for name in known_names}
            taken = [(by_hash.get(item["h"]), float(item["t"])) for item in data["pending"]]
            data["pending"] = []
            self._save(data)
            return taken

    def take_repairs(self) -> list[tuple[float, str]]:
        """Remove and return the resets of damaged counters as (time, what was reset)."""
        with exclusive(self.lock_path):
            data = self._load_repaired()
            if not data["repairs"]:
                return []
            taken = [(float(item["t"]), item["what"]) for item in data["repairs"]]
            data["repairs"] = []
            self._save(data)
            return taken


def _fresh(repairs: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"secret": base64.b64encode(os.urandom(16)).decode(), "accounts": {},
            "pending": [], "repairs": repairs or [], "repaired": bool(repairs)}


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _is_time(value: object) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value) and value >= 0)


def _is_state(state: object) -> bool:
    return (isinstance(state, dict) and set(state) == {"failures", "last"}
            and type(state["failures"]) is int and state["failures"] >= 0
            and _is_time(state["last"]))


def _is_secret(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        return len(base64.b64decode(value, validate=True)) >= 16
    except ValueError:
        return False
