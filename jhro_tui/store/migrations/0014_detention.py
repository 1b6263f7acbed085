"""Detention monitoring: facilities an office monitors, its visits there (and the officers
who made them), detainees with their legal timeline, and follow-ups on a visit.

``follow_up`` is rebuilt (SQLite cannot drop a NOT NULL): a visit's follow-up has no case.
Its rows are copied as they are."""

STATEMENTS = (
    'CREATE TABLE "facility" ("id" INTEGER NOT NULL PRIMARY KEY, "version" INTEGER NOT '
     'NULL, "created_at" DATETIME NOT NULL, "created_by_id" INTEGER NOT NULL, "updated_at"'
     ' DATETIME NOT NULL, "updated_by_id" INTEGER NOT NULL, "office" VARCHAR(255) NOT '
     'NULL, "name" TEXT NOT NULL, "kind" VARCHAR(255) NOT NULL, "province_code" '
     'VARCHAR(255) NOT NULL, "territory_code" VARCHAR(255) NOT NULL, "locality" TEXT NOT '
     'NULL, "authority" TEXT NOT NULL, "capacity" INTEGER, "note" TEXT NOT NULL, FOREIGN '
     'KEY ("created_by_id") REFERENCES "account" ("id"), FOREIGN KEY ("updated_by_id") '
     'REFERENCES "account" ("id"))',
    'CREATE INDEX "facility_created_by_id" ON "facility" ("created_by_id")',
    'CREATE INDEX "facility_updated_by_id" ON "facility" ("updated_by_id")',
    'CREATE INDEX "facility_office_name" ON "facility" ("office", "name")',
    'CREATE TABLE "detention_visit" ("id" INTEGER NOT NULL PRIMARY KEY, "version" INTEGER'
     ' NOT NULL, "created_at" DATETIME NOT NULL, "created_by_id" INTEGER NOT NULL, '
     '"updated_at" DATETIME NOT NULL, "updated_by_id" INTEGER NOT NULL, "facility_id" '
     'INTEGER NOT NULL, "office" VARCHAR(255) NOT NULL, "visited_on" DATE NOT NULL, '
     '"access" VARCHAR(255) NOT NULL, "men" INTEGER, "women" INTEGER, "boys" INTEGER, '
     '"girls" INTEGER, "conditions" TEXT NOT NULL, "notes" TEXT NOT NULL, "case_id" '
     'INTEGER, FOREIGN KEY ("created_by_id") REFERENCES "account" ("id"), FOREIGN KEY '
     '("updated_by_id") REFERENCES "account" ("id"), FOREIGN KEY ("facility_id") '
     'REFERENCES "facility" ("id") ON DELETE CASCADE, FOREIGN KEY ("case_id") REFERENCES '
     '"case_file" ("id") ON DELETE SET NULL)',
    'CREATE INDEX "detention_visit_created_by_id" ON "detention_visit" ("created_by_id")',
    'CREATE INDEX "detention_visit_updated_by_id" ON "detention_visit" ("updated_by_id")',
    'CREATE INDEX "detention_visit_facility_id" ON "detention_visit" ("facility_id")',
    'CREATE INDEX "detention_visit_case_id" ON "detention_visit" ("case_id")',
    'CREATE INDEX "detention_visit_office_visited_on" ON "detention_visit" ("office", '
     '"visited_on")',
    'CREATE INDEX "detention_visit_facility_id_visited_on" ON "detention_visit" '
     '("facility_id", "visited_on")',
    'CREATE TABLE "visit_officer" ("id" INTEGER NOT NULL PRIMARY KEY, "visit_id" INTEGER '
     'NOT NULL, "account_id" INTEGER NOT NULL, FOREIGN KEY ("visit_id") REFERENCES '
     '"detention_visit" ("id") ON DELETE CASCADE, FOREIGN KEY ("account_id") REFERENCES '
     '"account" ("id"))',
    'CREATE INDEX "visit_officer_visit_id" ON "visit_officer" ("visit_id")',
    'CREATE INDEX "visit_officer_account_id" ON "visit_officer" ("account_id")',
    'CREATE UNIQUE INDEX "visit_officer_visit_id_account_id" ON "visit_officer" '
     '("visit_id", "account_id")',
    'CREATE TABLE "detainee" ("id" INTEGER NOT NULL PRIMARY KEY, "version" INTEGER NOT '
     'NULL, "created_at" DATETIME NOT NULL, "created_by_id" INTEGER NOT NULL, "updated_at"'
     ' DATETIME NOT NULL, "updated_by_id" INTEGER NOT NULL, "office" VARCHAR(255) NOT '
     'NULL, "code" VARCHAR(255) NOT NULL, "name" TEXT NOT NULL, "sex" VARCHAR(255) NOT '
     'NULL, "age_group" VARCHAR(255) NOT NULL, "facility_id" INTEGER NOT NULL, '
     '"officer_id" INTEGER NOT NULL, "case_id" INTEGER, "penalty" VARCHAR(255) NOT NULL, '
     '"arrested_at" DATETIME, "released_at" DATETIME, "lawful_until" DATETIME, '
     '"lapsed_step" VARCHAR(255) NOT NULL, "review" VARCHAR(255) NOT NULL, "review_reason"'
     ' TEXT NOT NULL, "review_by_id" INTEGER, "review_at" DATETIME, FOREIGN KEY '
     '("created_by_id") REFERENCES "account" ("id"), FOREIGN KEY ("updated_by_id") '
     'REFERENCES "account" ("id"), FOREIGN KEY ("facility_id") REFERENCES "facility" '
     '("id") ON DELETE CASCADE, FOREIGN KEY ("officer_id") REFERENCES "account" ("id"), '
     'FOREIGN KEY ("case_id") REFERENCES "case_file" ("id") ON DELETE SET NULL, FOREIGN '
     'KEY ("review_by_id") REFERENCES "account" ("id"))',
    'CREATE INDEX "detainee_created_by_id" ON "detainee" ("created_by_id")',
    'CREATE INDEX "detainee_updated_by_id" ON "detainee" ("updated_by_id")',
    'CREATE INDEX "detainee_facility_id" ON "detainee" ("facility_id")',
    'CREATE INDEX "detainee_officer_id" ON "detainee" ("officer_id")',
    'CREATE INDEX "detainee_case_id" ON "detainee" ("case_id")',
    'CREATE INDEX "detainee_review_by_id" ON "detainee" ("review_by_id")',
    'CREATE UNIQUE INDEX "detainee_office_code" ON "detainee" ("office", "code")',
    'CREATE INDEX "detainee_office_released_at_lawful_until" ON "detainee" ("office", '
     '"released_at", "lawful_until")',
    'CREATE INDEX "detainee_facility_id_released_at" ON "detainee" ("facility_id", '
     '"released_at")',
    'CREATE TABLE "detention_step" ("id" INTEGER NOT NULL PRIMARY KEY, "version" INTEGER '
     'NOT NULL, "created_at" DATETIME NOT NULL, "created_by_id" INTEGER NOT NULL, '
     '"updated_at" DATETIME NOT NULL, "updated_by_id" INTEGER NOT NULL, "detainee_id" '
     'INTEGER NOT NULL, "kind" VARCHAR(255) NOT NULL, "at" DATETIME NOT NULL, "timed" '
     'INTEGER NOT NULL, "months" INTEGER, "verdict" VARCHAR(255) NOT NULL, "facility_id" '
     'INTEGER, "proceeding_id" INTEGER, "basis" VARCHAR(255) NOT NULL, "session_id" '
     'INTEGER, "note" TEXT NOT NULL, FOREIGN KEY ("created_by_id") REFERENCES "account" '
     '("id"), FOREIGN KEY ("updated_by_id") REFERENCES "account" ("id"), FOREIGN KEY '
     '("detainee_id") REFERENCES "detainee" ("id") ON DELETE CASCADE, FOREIGN KEY '
     '("facility_id") REFERENCES "facility" ("id") ON DELETE SET NULL, FOREIGN KEY '
     '("proceeding_id") REFERENCES "proceeding" ("id") ON DELETE SET NULL, FOREIGN KEY '
     '("session_id") REFERENCES "mobile_session" ("id") ON DELETE SET NULL)',
    'CREATE INDEX "detention_step_created_by_id" ON "detention_step" ("created_by_id")',
    'CREATE INDEX "detention_step_updated_by_id" ON "detention_step" ("updated_by_id")',
    'CREATE INDEX "detention_step_detainee_id" ON "detention_step" ("detainee_id")',
    'CREATE INDEX "detention_step_facility_id" ON "detention_step" ("facility_id")',
    'CREATE INDEX "detention_step_proceeding_id" ON "detention_step" ("proceeding_id")',
    'CREATE INDEX "detention_step_session_id" ON "detention_step" ("session_id")',
    'CREATE INDEX "detention_step_detainee_id_at" ON "detention_step" ("detainee_id", '
     '"at")',
)

FOLLOW_UP = (
    'CREATE TABLE "follow_up_rebuilt" ("id" INTEGER NOT NULL PRIMARY KEY, "version" '
     'INTEGER NOT NULL, "created_at" DATETIME NOT NULL, "created_by_id" INTEGER NOT NULL, '
     '"updated_at" DATETIME NOT NULL, "updated_by_id" INTEGER NOT NULL, "case_id" INTEGER,'
     ' "visit_id" INTEGER, "office" VARCHAR(255) NOT NULL, "description" TEXT NOT NULL, '
     '"due_on" DATE NOT NULL, "assigned_to_id" INTEGER NOT NULL, "done_at" DATETIME, '
     '"done_by_id" INTEGER, FOREIGN KEY ("created_by_id") REFERENCES "account" ("id"), '
     'FOREIGN KEY ("updated_by_id") REFERENCES "account" ("id"), FOREIGN KEY ("case_id") '
     'REFERENCES "case_file" ("id") ON DELETE CASCADE, FOREIGN KEY ("assigned_to_id") '
     'REFERENCES "account" ("id"), FOREIGN KEY ("done_by_id") REFERENCES "account" ("id"))',
    'INSERT INTO "follow_up_rebuilt" ("id", "version", "created_at", "created_by_id", '
     '"updated_at", "updated_by_id", "case_id", "visit_id", "office", "description", '
     '"due_on", "assigned_to_id", "done_at", "done_by_id") '
     'SELECT "id", "version", "created_at", "created_by_id", "updated_at", '
     '"updated_by_id", "case_id", NULL, "office", "description", "due_on", '
     '"assigned_to_id", "done_at", "done_by_id" FROM "follow_up"',
    'DROP TABLE "follow_up"',
    'ALTER TABLE "follow_up_rebuilt" RENAME TO "follow_up"',
    'CREATE INDEX "follow_up_created_by_id" ON "follow_up" ("created_by_id")',
    'CREATE INDEX "follow_up_updated_by_id" ON "follow_up" ("updated_by_id")',
    'CREATE INDEX "follow_up_case_id" ON "follow_up" ("case_id")',
    'CREATE INDEX "follow_up_assigned_to_id" ON "follow_up" ("assigned_to_id")',
    'CREATE INDEX "follow_up_done_by_id" ON "follow_up" ("done_by_id")',
    'CREATE INDEX "follow_up_assigned_to_id_done_at_due_on" ON "follow_up" '
     '("assigned_to_id", "done_at", "due_on")',
    'CREATE INDEX "follow_up_done_at_office_due_on" ON "follow_up" ("done_at", "office", '
     '"due_on")',
    'CREATE INDEX "follow_up_visit_id" ON "follow_up" ("visit_id")',
)


def up(migrator, db):
    for statement in STATEMENTS + FOLLOW_UP:
        db.execute_sql(statement)
