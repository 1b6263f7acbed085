"""Related cases: a case linked to another (same incident, same victim, same perpetrator,
or following on from it), shown in both case files."""


def up(migrator, db):
    db.execute_sql(
        "CREATE TABLE case_link ("
        "id INTEGER NOT NULL PRIMARY KEY, "
        "case_id INTEGER NOT NULL REFERENCES case_file (id) ON DELETE CASCADE, "
        "other_id INTEGER NOT NULL REFERENCES case_file (id) ON DELETE CASCADE, "
        "kind VARCHAR(255) NOT NULL, "
        "note TEXT NOT NULL, "
        "created_by_id INTEGER NOT NULL REFERENCES account (id), "
        "created_at DATETIME NOT NULL)")
    db.execute_sql("CREATE UNIQUE INDEX caselink_case_id_other_id_kind "
                   "ON case_link (case_id, other_id, kind)")
    db.execute_sql("CREATE INDEX caselink_other_id ON case_link (other_id)")
