"""Where jhro keeps its files, and the settings an office may change.

Settings live in ``<data dir>/config.toml`` (optional, plain TOML, holds no secrets).
Nothing here reads a file at import time.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import tomllib
import zoneinfo
from dataclasses import dataclass, fields
from pathlib import Path

from jhro_tui.errors import UsageError, Whole
from jhro_tui.i18n import N_

DATA_DIR_ENV = "JHRO_DATA_DIR"


@dataclass(frozen=True)
class Paths:
    """Every file jhro writes under its data directory."""

    data_dir: Path

    @property
    def database(self) -> Path:
        return self.data_dir / "jhro.db"

    @property
    def keyring(self) -> Path:
        return self.data_dir / "keyring.json"

    @property
    def anchor(self) -> Path:
        """Sidecar holding the audit chain's head after each commit."""
        return self.data_dir / "jhro.anchor"

    @property
    def throttle(self) -> Path:
        """Failed-login counters, kept outside the database so they work before unlock."""
        return self.data_dir / "login-throttle.json"

    @property
    def maintenance_lock(self) -> Path:
        return self.data_dir / ".maintenance.lock"

    @property
    def keyring_lock(self) -> Path:
        return self.data_dir / ".keyring.lock"

    @property
    def settings_file(self) -> Path:
        return self.data_dir / "config.toml"

    @property
    def demo_marker(self) -> Path:
        """Present only in a directory ``jhro demo`` built: says whether the build finished."""
        return self.data_dir / ".jhro-demo"

    def vault_files(self) -> list[Path]:
        """The files whose bytes a refused attempt must leave untouched."""
        db = self.database
        return [db, db.with_name(db.name + "-wal"), self.keyring, self.anchor]


SUBMISSION_CHECKS = ("incident", "violation", "victim", "perpetrator", "documentation_consent",
                     "source")
"""What the workflow checks before a case is submitted or validated (``submission_requires``
names those it refuses without; the others are warnings)."""


def resolve_data_dir(argument: str | None) -> Path:
    """The data directory: ``--data-dir``, else ``$JHRO_DATA_DIR``, else ``./data``."""
    chosen = argument or os.environ.get(DATA_DIR_ENV) or "data"
    return Path(chosen).expanduser().absolute()


@dataclass(frozen=True)
class Settings:
    """What an office may tune in ``config.toml``."""

    idle_lock_minutes: float = 5.0
    """Minutes without a key press before the screen locks."""
    attachment_limit_mib: int = 25
    """Largest attachment accepted, in MiB."""
    free_login_attempts: int = 3
    """Failed logins allowed before each further attempt must wait."""
    throttle_base_seconds: float = 2.0
    """Wait after the first failure past the free ones; doubles with each further failure."""
    throttle_cap_seconds: float = 300.0
    """Longest wait between two login attempts for one account."""
    submission_requires: tuple[str, ...] = ("incident", "violation", "victim", "perpetrator",
                                            "documentation_consent")
    """The checks (of ``SUBMISSION_CHECKS``) a case must pass to be submitted or validated;
    the others are shown as warnings. An office whose victims often cannot be asked (the
    deceased) may leave out ``documentation_consent``."""

    exchange_dir: str = "~/jhro-exchange"
    """Where each account's files come in and go out (attach, save an attachment): its
    sub-folder named after the account, or this path with ``{account}`` replaced by the
    name. Never inside the data directory."""

    justice_quiet_days: int = 90
    """A proceeding with no hearing for this many days shows on the Justice screen as
    stalled."""

    legal_system: str = "CD"
    """Whose legal time limits of detention apply: a ``jurisdiction`` of
    ``data/reference/detention_limits.csv`` (CD: the Democratic Republic of the Congo)."""

    statistics_small_cells: int = 5
    """In any exported figure, a count from 1 to one less than this is shown as ``<5``
    (and others hidden with it so that it cannot be worked out from the totals)."""

    statistics_victims: str = "anonymous"
    """Which victims count in statistics: ``anonymous`` (every victim, as an anonymous
    tally: a figure names no one) or ``consent`` (a named victim only while their consent
    for the ``statistics`` purpose is in force)."""

    time_zone: str = ""
    """The office's time zone, an IANA name such as ``Africa/Lubumbashi``: what "today"
    means and the clock times are shown in. Empty: the machine's own zone."""

    @property
    def zone(self) -> dt.tzinfo | None:
        """The office's zone; None stands for the machine's, which ``astimezone(None)``
        and ``datetime.now(None)`` read from the system, daylight saving included."""
        return zoneinfo.ZoneInfo(self.time_zone) if self.time_zone else None

    @property
    def exchange_root(self) -> Path:
        """``exchange_dir`` with ``~`` expanded (``{account}`` left in place)."""
        return Path(self.exchange_dir).expanduser()

    @classmethod
    def load(cls, paths: Paths) -> Settings:
        """Read ``config.toml`` if present; refuse unknown keys and nonsense values."""
        try:
            raw = tomllib.loads(paths.settings_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise UsageError(N_("Cannot read {path}: {reason}"),
                             path=paths.settings_file, reason=exc) from exc
        known = {field.name: field.type for field in fields(cls)}
        values: dict[str, object] = {}
        for key, value in raw.items():
            if key not in known:
                raise UsageError(N_("Unknown setting {key} in {path}"),
                                 key=key, path=paths.settings_file)
            if key == "submission_requires":
                values[key] = _check_names(key, value, SUBMISSION_CHECKS)
                continue
            if key == "time_zone":
                values[key] = _time_zone(value)
                continue
            if key == "legal_system":
                values[key] = _legal_system(value)
                continue
            if key == "statistics_victims":
                values[key] = _one_of(key, value, STATISTICS_VICTIMS)
                continue
            if key == "exchange_dir":
                values[key] = _exchange_dir(value, paths)
                continue
            values[key] = _number_in_range(key, value)
        settings = cls(**values)  # type: ignore[arg-type]
        if settings.throttle_cap_seconds < settings.throttle_base_seconds:
            raise UsageError(N_("Setting throttle_cap_seconds ({cap}) must be at least "
                                "throttle_base_seconds ({base})"),
                             cap=_shown(settings.throttle_cap_seconds),
                             base=_shown(settings.throttle_base_seconds))
        return settings


NUMBER_RANGES: dict[str, tuple[type, float, float]] = {
    "idle_lock_minutes": (float, 1, 1440),
    "attachment_limit_mib": (int, 1, 512),
    "free_login_attempts": (int, 0, 20),
    "throttle_base_seconds": (float, 0.5, 60),
    "throttle_cap_seconds": (float, 10, 3600),
    "justice_quiet_days": (int, 7, 3650),
    "statistics_small_cells": (int, 2, 100),
}
"""Each numeric setting's kind and bounds (inclusive), as the README documents them: a
value outside would turn a protection off (``nan`` compares false with any bound, ``inf``
never locks) or make jhro unusable."""


def _number_in_range(key: str, value: object) -> float:
    kind, low, high = NUMBER_RANGES[key]
    whole = kind is int
    # bool is an int to Python, never a number to an office writing ``true``.
    acceptable = (not isinstance(value, bool) and isinstance(value, int if whole else int | float)
                  and math.isfinite(value) and low <= value <= high)
    if not acceptable:
        template = (N_("Setting {key} must be a whole number from {low} to {high}, not {value}")
                    if whole else
                    N_("Setting {key} must be a number from {low} to {high}, not {value}"))
        raise UsageError(template, key=key, low=_shown(low), high=_shown(high),
                         value=_shown(value))
    return value  # type: ignore[return-value]


STATISTICS_VICTIMS = ("anonymous", "consent")


def _one_of(key: str, value: object, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise UsageError(N_("Setting {key} must be one of {allowed}, not {value}"),
                         key=key, allowed=Whole(", ".join(allowed)), value=_shown(value))
    return str(value)


def _legal_system(value: object) -> str:
    """A code as ``detention_limits.csv`` names a legal system (two to eight capitals)."""
    if not isinstance(value, str) or not value.isascii() or not value.isupper() \
            or not value.isalpha() or not 2 <= len(value) <= 8:
        raise UsageError(N_("Setting legal_system must be a code of capitals such as CD, "
                            "not {value}"), value=_shown(value))
    return value


def _shown(value: object) -> str:
    """A value as the office wrote it in TOML (``true``, ``nan``, ``0.5``, ``'2'``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value)) if abs(value) < 1e6 else repr(value)
    return repr(value)


def _check_names(key: str, value: object, allowed: tuple[str, ...]) -> tuple[str, ...]:
    """A list of names from ``allowed``, or one line saying what is wrong with it."""
    if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
        raise UsageError(N_("Setting {key} must be a list of names among {allowed}"),
                         key=key, allowed=Whole(", ".join(allowed)))
    unknown = [name for name in value if name not in allowed]
    if unknown:
        raise UsageError(N_("Setting {key}: unknown name {name} (choose among {allowed})"),
                         key=key, name=unknown[0], allowed=Whole(", ".join(allowed)))
    return tuple(dict.fromkeys(value))


def _time_zone(value: object) -> str:
    """An IANA zone name this machine knows, or a refusal that says what to write."""
    if isinstance(value, str) and value.strip():
        name = value.strip()
        try:
            zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
            pass
        else:
            return name
    raise UsageError(N_("Setting time_zone must be a time zone name such as "
                        "Africa/Lubumbashi or Africa/Kinshasa, not {value}"), value=repr(value))


def exchange_inside_data_dir(exchange_dir: str, data_dir: Path) -> bool:
    """Whether account folders made from ``exchange_dir`` could fall inside ``data_dir``
    (or be it): its part before any ``{account}`` is what decides."""
    fixed = Path(exchange_dir.split("{account}", 1)[0] or "/").expanduser()
    resolved, data = fixed.resolve(), data_dir.resolve()
    return resolved == data or data in resolved.parents


def _exchange_dir(value: object, paths: Paths) -> str:
    """An absolute folder (``~`` allowed) outside the data directory."""
    if not isinstance(value, str) or not Path(value.strip()).expanduser().is_absolute():
        raise UsageError(N_("Setting exchange_dir must be an absolute folder such as "
                            "~/jhro-exchange, not {value}"), value=repr(value))
    if exchange_inside_data_dir(value.strip(), paths.data_dir):
        raise UsageError(N_("Setting exchange_dir must not be inside the data directory "
                            "{path}"), path=paths.data_dir)
    return value.strip()
