"""Text typed in a form and not yet saved, kept when the screen locks or the session ends.

An officer called away mid-statement must not lose it to the idle lock, a slip on ctrl+q
or a dropped SSH link. The draft lives here, inside the encrypted database, for its own
account only; it is taken back into the form when that account returns, or discarded.
"""


def up(migrator, db):
    db.execute_sql(
        "CREATE TABLE form_draft ("
        "id INTEGER NOT NULL PRIMARY KEY, "
        "account_id INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE, "
        "form_key VARCHAR(255) NOT NULL, "
        "title TEXT NOT NULL, "
        "fields TEXT NOT NULL, "
        "saved_at DATETIME NOT NULL)")
    db.execute_sql("CREATE UNIQUE INDEX form_draft_account_id_form_key "
                   "ON form_draft (account_id, form_key)")
