"""Case references are numbered per office: ``GOM-2026-0001``, not one count for all.

With one counter per year across offices, the reference of a new case told its officer
how many cases every other office had opened. Each office gets a short code that begins
its cases' references (the first letters of its name, made unique with a digit), and a
counter per office and year. References already given stay exactly as they are
(``JHRO-2025-00042`` keeps naming its case); the old counter goes.
"""

import unicodedata


def _letters(name):
    folded = unicodedata.normalize("NFKD", name)
    return "".join(c for c in folded if c.isascii() and c.isalpha()).upper()


def _code(name, taken):
    base = _letters(name)[:3] or "OFF"
    code, number = base, 1
    while code in taken:
        number += 1
        code = f"{base}{number}"
    return code


def up(migrator, db):
    db.execute_sql("ALTER TABLE office ADD COLUMN code VARCHAR(255) NOT NULL DEFAULT ''")
    taken = set()
    for office_id, name in list(db.execute_sql("SELECT id, name FROM office ORDER BY id")):
        code = _code(name, taken)
        taken.add(code)
        db.execute_sql("UPDATE office SET code = ? WHERE id = ?", (code, office_id))
    db.execute_sql("CREATE UNIQUE INDEX office_code ON office (code)")
    db.execute_sql(
        "CREATE TABLE office_case_counter ("
        "office VARCHAR(255) NOT NULL, "
        "year INTEGER NOT NULL, "
        "last INTEGER NOT NULL, "
        "PRIMARY KEY (office, year))")
    db.execute_sql("DROP TABLE case_counter")
