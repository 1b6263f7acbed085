"""Failed-login counters, kept outside the encrypted database so they work before unlock.

After ``free_attempts`` failures, each further attempt for that account name must wait
longer (doubling, capped). Other accounts are never slowed, so nobody can lock a
colleague out. Names are stored only as keyed hashes, and failures wait here until the
next successful login copies them into the audit trail (which needs the key).

This only slows guessing on this host: anyone holding a copy of the files is limited by
the Argon2id cost alone.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jhro_tui.errors import AuthenticationFailed
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
        try:
            data = json.loads(self.path.read_bytes())
            if isinstance(data, dict) and isinstance(data.get("accounts"), dict):
                base64.b64decode(data["secret"], validate=True)
                data.setdefault("pending", [])
                return data
        except (FileNotFoundError, ValueError, KeyError, TypeError):
            pass
        # A missing or unreadable file starts again: it holds no secrets, only counters.
        return {"secret": base64.b64encode(os.urandom(16)).decode(), "accounts": {},
                "pending": []}

    def _save(self, data: dict[str, Any]) -> None:
        atomic_write(self.path, json.dumps(data, sort_keys=True).encode())

    @staticmethod
    def name_hash(data: dict[str, Any], name: str) -> str:
        secret = base64.b64decode(data["secret"])
        return hmac.new(secret, name.encode("utf-8"), hashlib.sha256).hexdigest()

    def delay_for(self, failures: int) -> float:
        if failures < self.free_attempts:
            return 0.0
        return float(min(self.cap_seconds,
                         self.base_seconds * 2 ** (failures - self.free_attempts)))

    def wait_remaining(self, name: str) -> float:
        """Seconds until ``name`` may try again (0 when it may try now)."""
        data = self._load()
        state = data["accounts"].get(self.name_hash(data, name))
        if not state:
            return 0.0
        ready_at = float(state["last"]) + self.delay_for(int(state["failures"]))
        return max(0.0, ready_at - self.clock())

    def check(self, name: str) -> None:
        remaining = self.wait_remaining(name)
        if remaining > 0:
            raise Throttled(remaining)

    def record_failure(self, name: str) -> None:
        with exclusive(self.lock_path):
            data = self._load()
            key = self.name_hash(data, name)
            state = data["accounts"].setdefault(key, {"failures": 0, "last": 0.0})
            state["failures"] = int(state["failures"]) + 1
            state["last"] = self.clock()
            data["pending"] = (data["pending"] + [{"h": key, "t": state["last"]}])[-MAX_PENDING:]
            self._save(data)

    def record_success(self, name: str) -> None:
        with exclusive(self.lock_path):
            data = self._load()
            if data["accounts"].pop(self.name_hash(data, name), None) is not None:
                self._save(data)

    def take_pending(self, known_names: list[str]) -> list[tuple[str | None, float]]:
        """Remove and return the recorded failures as (account name or None, time)."""
        with exclusive(self.lock_path):
            data = self._load()
            if not data["pending"]:
                return []
            by_hash = {self.name_hash(data, name): name for name in known_names}
            taken = [(by_hash.get(item["h"]), float(item["t"])) for item in data["pending"]]
            data["pending"] = []
            self._save(data)
            return taken
