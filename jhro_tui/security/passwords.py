"""The passphrase rule: long enough, not a common password, not the account's name."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from jhro_tui.errors import ValidationError
from jhro_tui.i18n import N_

MIN_LENGTH = 12


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    text = (resources.files(__package__) / "common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines()
                     if line.strip() and not line.startswith("#"))


def check_passphrase(passphrase: str, account: str = "") -> None:
    """Raise ``ValidationError`` when ``passphrase`` breaks the rule."""
    if len(passphrase) < MIN_LENGTH:
        raise ValidationError("passphrase", N_("The passphrase must have at least {n} "
                                               "characters."), n=MIN_LENGTH)
    folded = passphrase.strip().lower()
    if folded in common_passwords() or folded.rstrip("0123456789!.") in common_passwords():
        raise ValidationError("passphrase", N_("This passphrase is in the list of common "
                                               "passwords; choose another."))
    if account and account.lower() in folded:
        raise ValidationError("passphrase", N_("The passphrase must not contain the account "
                                               "name."))
