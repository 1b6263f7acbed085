"""First run: create the keyring and the encrypted database with its first administrator."""

from __future__ import annotations

from jhro_tui.config import Paths
from jhro_tui.errors import JhroError
from jhro_tui.i18n import N_
from jhro_tui.security import keys
from jhro_tui.security.audit import AuditEvent
from jhro_tui.security.files import ensure_private_dir, exclusive
from jhro_tui.security.keyring import Keyring
from jhro_tui.security.passwords import check_passphrase
from jhro_tui.security.vault import Vault
from jhro_tui.services.accounts import NewAccount, validate_new_account
from jhro_tui.services.offices import add_office, validate_office_name
from jhro_tui.store import db as store_db
from jhro_tui.store import schema
from jhro_tui.store.models import Account


def is_initialized(paths: Paths) -> bool:
    return paths.keyring.exists() or paths.database.exists()


def initialize(paths: Paths, admin: NewAccount, passphrase: str,
               kdf: keys.KdfParams = keys.DEFAULT_KDF) -> None:
    """Create keyring and database; refuse if either exists. Nothing is left half-made.

    The administrator's office, when given, is the first office of the list.
    """
    if admin.role != "admin":
        raise JhroError(N_("The first account must be an administrator."))
    validate_new_account(admin)
    office = validate_office_name(admin.office, "office") if admin.office else ""
    check_passphrase(passphrase, admin.name)
    ensure_private_dir(paths.data_dir)
    with exclusive(paths.keyring_lock):
        if is_initialized(paths):
            raise JhroError(N_("{path} already holds a jhro database; refusing to overwrite "
                               "it."), path=paths.data_dir)
        if paths.anchor.exists():
            # Refused rather than moved aside: an anchor without its database may be all
            # that is left of a deleted vault, and a new vault beside it would raise the
            # rollback alarm at its first login. Only a person can judge which it is.
            raise JhroError(N_("{path} holds an audit anchor (jhro.anchor) but no database: "
                               "it is left from an earlier vault, perhaps deleted. Move it "
                               "out of the folder (keep it if the loss must be investigated), "
                               "then run jhro init again."), path=paths.data_dir)
        root = keys.random_key()
        keyring = Keyring()
        vault: Vault | None = None
        try:
            vault = Vault.create(paths, root)
            store_db.bind(vault.db)
            schema.upgrade(vault.db)
            public_key = vault.enroll(keyring, admin.name, passphrase, kdf)
            with vault.write() as pending:
                pending.record(AuditEvent(admin.name, "vault.init"))
                if office:
                    add_office(office)
                    pending.record(AuditEvent(admin.name, "office.create", f"office:{office}"))
                Account.create(name=admin.name, full_name=admin.full_name, role="admin",
                               office=office, language=admin.language, public_key=public_key)
                pending.record(AuditEvent(admin.name, "account.create", f"account:{admin.name}",
                                          f"role=admin office={office}"))
            vault.checkpoint()
            # The keyring comes last: until it exists, the directory holds no usable vault
            # and a new attempt may start over.
            keyring.save(paths.keyring)
        except BaseException:
            if vault is not None:
                vault.close()
                vault = None
            for leftover in (paths.database, paths.database.with_name("jhro.db-wal"),
                             paths.database.with_name("jhro.db-shm"), paths.anchor):
                leftover.unlink(missing_ok=True)
            raise
        finally:
            if vault is not None:
                vault.close()
            keys.wipe(root)

