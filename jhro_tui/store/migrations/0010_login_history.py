"""What an account is shown at login: its last login, the failures since, and a reset.

An administrator may reset an officer's passphrase and so log in as them. That stays
possible (people forget passphrases) but visible: a reset passphrase opens one session,
which must change it, and the account's logins show who reset it and when, its previous
login and the failed attempts since. Adding columns with a default does not rewrite the
table.
"""

COLUMNS = (
    "last_login_at DATETIME",
    "failed_logins INTEGER NOT NULL DEFAULT 0",
    "passphrase_reset_by VARCHAR(255) NOT NULL DEFAULT ''",
    "passphrase_reset_at DATETIME",
    "must_change_passphrase INTEGER NOT NULL DEFAULT 0",
    "reset_passphrase_used INTEGER NOT NULL DEFAULT 0",
)


def up(migrator, db):
    for column in COLUMNS:
        db.execute_sql(f"ALTER TABLE account ADD COLUMN {column}")
