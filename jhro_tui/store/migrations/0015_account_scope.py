"""A supervisor's scope: ``office`` (their own office's figures) or ``national`` (every
office's; the cases they open stay their own office's)."""


def up(migrator, db):
    db.execute_sql("ALTER TABLE account ADD COLUMN scope VARCHAR(255) NOT NULL "
                   "DEFAULT 'office'")
