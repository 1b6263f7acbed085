"""Statistics: the counted facts of validated cases (see ``services/statistics/facts.py``),
filled here once for the cases validated before.

The fill is the SQL of ``facts.FILL`` as it stood when this migration was written (a
migration never changes with the code after it)."""

STATEMENTS = (
    'CREATE TABLE "counted_violation" ("violation_id" INTEGER NOT NULL REFERENCES '
    '"violation" ("id") ON DELETE CASCADE, "case_id" INTEGER NOT NULL REFERENCES '
    '"case_file" ("id") ON DELETE CASCADE, "incident_id" INTEGER NOT NULL, '
    '"office" VARCHAR(255) NOT NULL, "day" DATE NOT NULL, "last_day" DATE NOT NULL, '
    '"precision" VARCHAR(255) NOT NULL, "province" VARCHAR(255) NOT NULL, '
    '"territory" VARCHAR(255) NOT NULL, "type_code" VARCHAR(255) NOT NULL, '
    '"verification" VARCHAR(255) NOT NULL, "unnamed_men" INTEGER NOT NULL, '
    '"unnamed_women" INTEGER NOT NULL, "unnamed_boys" INTEGER NOT NULL, '
    '"unnamed_girls" INTEGER NOT NULL, "unnamed_unknown" INTEGER NOT NULL, '
    'PRIMARY KEY ("office", "day", "violation_id")) WITHOUT ROWID',
    'CREATE UNIQUE INDEX "counted_violation_violation_id" ON "counted_violation" '
    '("violation_id")',
    'CREATE INDEX "counted_violation_case_id" ON "counted_violation" ("case_id")',
    'CREATE TABLE "counted_victim" ("violation_id" INTEGER NOT NULL REFERENCES '
    '"counted_violation" ("violation_id") ON DELETE CASCADE, "victim_id" INTEGER NOT '
    'NULL, "case_id" INTEGER NOT NULL, "office" VARCHAR(255) NOT NULL, "day" DATE NOT '
    'NULL, "last_day" DATE NOT NULL, "precision" VARCHAR(255) NOT NULL, "province" '
    'VARCHAR(255) NOT NULL, "territory" VARCHAR(255) NOT NULL, "type_code" '
    'VARCHAR(255) NOT NULL, "verification" VARCHAR(255) NOT NULL, "sex" VARCHAR(255) '
    'NOT NULL, "age_group" VARCHAR(255) NOT NULL, '
    'PRIMARY KEY ("office", "day", "violation_id", "victim_id")) WITHOUT ROWID',
    'CREATE INDEX "counted_victim_violation_id" ON "counted_victim" ("violation_id")',
    'CREATE TABLE "counted_perpetrator" ("violation_id" INTEGER NOT NULL REFERENCES '
    '"counted_violation" ("violation_id") ON DELETE CASCADE, "category" VARCHAR(255) '
    'NOT NULL, "top" VARCHAR(255) NOT NULL, '
    'PRIMARY KEY ("violation_id", "category")) WITHOUT ROWID',
)

FILL = (
    'INSERT INTO counted_violation (violation_id, case_id, incident_id, office, day, '
     'last_day, precision, province, territory, type_code, verification, unnamed_men, '
     'unnamed_women, unnamed_boys, unnamed_girls, unnamed_unknown) SELECT v.id, '
     "v.case_id, i.id, c.office, i.date_value, CASE i.date_precision WHEN 'day' THEN "
     "i.date_value WHEN 'month' THEN date(i.date_value, '+1 month', '-1 day') ELSE "
     "date(i.date_value, '+1 year', '-1 day') END, i.date_precision, i.province_code, "
     'i.territory_code, v.type_code, v.verification_status, v.unnamed_men, '
     'v.unnamed_women, v.unnamed_boys, v.unnamed_girls, v.unnamed_unknown FROM '
     'violation v JOIN incident i ON i.id = v.incident_id JOIN case_file c ON c.id = '
     'v.case_id WHERE v.case_id IN (SELECT id FROM case_file WHERE status IN '
     "('validated', 'in_follow_up', 'closed'))",
    'INSERT INTO counted_victim (violation_id, victim_id, case_id, office, day, '
     'last_day, precision, province, territory, type_code, verification, sex, '
     'age_group) SELECT DISTINCT vv.violation_id, vv.victim_id, f.case_id, f.office, '
     'f.day, f.last_day, f.precision, f.province, f.territory, f.type_code, '
     'f.verification, vic.sex, vic.age_group FROM victim_violation vv JOIN victim vic '
     'ON vic.id = vv.victim_id JOIN counted_violation f ON f.violation_id = '
     'vv.violation_id WHERE f.case_id IN (SELECT id FROM case_file WHERE status IN '
     "('validated', 'in_follow_up', 'closed'))",
    'INSERT OR IGNORE INTO counted_perpetrator (violation_id, category, top) SELECT '
     "pi.violation_id, CASE WHEN instr(substr(p.category_code || '.', "
     "instr(p.category_code || '.', '.') + 1), '.') > 1 THEN substr(p.category_code, "
     "1, instr(p.category_code || '.', '.') - 1) || '.' || "
     "substr(substr(p.category_code || '.', instr(p.category_code || '.', '.') + 1), "
     "1, instr(substr(p.category_code || '.', instr(p.category_code || '.', '.') + "
     "1), '.') - 1) ELSE substr(p.category_code, 1, instr(p.category_code || '.', "
     "'.') - 1) END, substr(p.category_code, 1, instr(p.category_code || '.', '.') - "
     '1) FROM perpetrator_involvement pi JOIN perpetrator p ON p.id = '
     'pi.perpetrator_id JOIN counted_violation f ON f.violation_id = pi.violation_id '
     "WHERE f.case_id IN (SELECT id FROM case_file WHERE status IN ('validated', "
     "'in_follow_up', 'closed'))",
)


def up(migrator, db):
    for statement in STATEMENTS + FILL:
        db.execute_sql(statement)
