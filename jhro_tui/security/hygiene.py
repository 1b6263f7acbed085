"""Process hardening at start: no core dumps, no ptrace, no debugging side channels."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import resource

PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3

# Textual reads these to write screenshots, logs or talk to devtools: each could carry
# case data out of the encrypted database.
TEXTUAL_LEAKY_ENVIRONMENT = (
    "TEXTUAL_SCREENSHOT", "TEXTUAL_SCREENSHOT_LOCATION", "TEXTUAL_SCREENSHOT_FILENAME",
    "TEXTUAL_LOG", "TEXTUAL_DEVTOOLS_HOST", "TEXTUAL_DEVTOOLS_PORT", "TEXTUAL_DEBUG",
    "TEXTUAL_DRIVER", "TEXTUAL", "TEXTUAL_PRESS", "TEXTUAL_SHOW_RETURN",
)


def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    return ctypes.CDLL(name, use_errno=True) if name else None


def harden_process() -> None:
    """Turn core dumps off and mark the process not dumpable (also blocks same-user ptrace)."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    libc = _libc()
    if libc is not None:
        libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    os.umask(0o077)


def is_dumpable() -> bool:
    libc = _libc()
    return bool(libc.prctl(PR_GET_DUMPABLE, 0, 0, 0, 0)) if libc is not None else True


def scrub_environment() -> None:
    """Remove the variables through which Textual would write the screen elsewhere."""
    for name in TEXTUAL_LEAKY_ENVIRONMENT:
        os.environ.pop(name, None)
