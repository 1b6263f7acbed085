"""The review queue and the supervisor's "to validate" list, oldest submission first: when
each case was last submitted, read from an index in one seek per case (through
``(case_id, at)`` SQLite read every status change of each submitted case: 28-35 ms for
Goma's 1,200 submitted cases at 100,000, 2 ms with this index)."""


def up(migrator, db):
    db.execute_sql('CREATE INDEX "case_status_change_case_id_to_status_at" '
                   'ON "case_status_change" ("case_id", "to_status", "at")')
