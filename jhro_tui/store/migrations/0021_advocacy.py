"""Advocacy: the laws and policies an office lobbies for, their stage history, the
advocacy actions taken, and the cases that illustrate them; a follow-up can now be an
action's next step (``follow_up.action_id``)."""

STATEMENTS = (
    'CREATE TABLE "law" ("id" INTEGER NOT NULL PRIMARY KEY, "version" INTEGER NOT NULL, '
    '"created_at" DATETIME NOT NULL, "created_by_id" INTEGER NOT NULL, "updated_at" '
    'DATETIME NOT NULL, "updated_by_id" INTEGER NOT NULL, "office" VARCHAR(255) NOT NULL, '
    '"title" TEXT NOT NULL, "kind" VARCHAR(255) NOT NULL, "jurisdiction" VARCHAR(255) NOT '
    'NULL, "province_code" VARCHAR(255) NOT NULL, "theme" VARCHAR(255) NOT NULL, '
    '"standards" TEXT NOT NULL, "priority" INTEGER NOT NULL, "officer_id" INTEGER, "stage" '
    'VARCHAR(255) NOT NULL, "stage_on" DATE NOT NULL, "note" TEXT NOT NULL, FOREIGN KEY '
    '("created_by_id") REFERENCES "account" ("id"), FOREIGN KEY ("updated_by_id") '
    'REFERENCES "account" ("id"), FOREIGN KEY ("officer_id") REFERENCES "account" ("id"))',
    'CREATE INDEX "law_created_by_id" ON "law" ("created_by_id")',
    'CREATE INDEX "law_updated_by_id" ON "law" ("updated_by_id")',
    'CREATE INDEX "law_officer_id" ON "law" ("officer_id")',
    'CREATE INDEX "law_office_stage_priority_stage_on" ON "law" ("office", "stage", '
    '"priority", "stage_on")',
    'CREATE TABLE "law_stage" ("id" INTEGER NOT NULL PRIMARY KEY, "law_id" INTEGER NOT '
    'NULL, "stage" VARCHAR(255) NOT NULL, "on" DATE NOT NULL, "evidence" TEXT NOT NULL, '
    '"recorded_by_id" INTEGER NOT NULL, "recorded_at" DATETIME NOT NULL, FOREIGN KEY '
    '("law_id") REFERENCES "law" ("id") ON DELETE CASCADE, FOREIGN KEY ("recorded_by_id") '
    'REFERENCES "account" ("id"))',
    'CREATE INDEX "law_stage_law_id" ON "law_stage" ("law_id")',
    'CREATE INDEX "law_stage_recorded_by_id" ON "law_stage" ("recorded_by_id")',
    'CREATE INDEX "law_stage_law_id_on_id" ON "law_stage" ("law_id", "on", "id")',
    'CREATE INDEX "law_stage_stage_on" ON "law_stage" ("stage", "on")',
    'CREATE TABLE "advocacy_action" ("id" INTEGER NOT NULL PRIMARY KEY, "version" INTEGER '
    'NOT NULL, "created_at" DATETIME NOT NULL, "created_by_id" INTEGER NOT NULL, '
    '"updated_at" DATETIME NOT NULL, "updated_by_id" INTEGER NOT NULL, "office" '
    'VARCHAR(255) NOT NULL, "law_id" INTEGER, "taken_on" DATE NOT NULL, "kind" '
    'VARCHAR(255) NOT NULL, "institution" VARCHAR(255) NOT NULL, "target_name" TEXT NOT '
    'NULL, "target_person" TEXT NOT NULL, "summary" TEXT NOT NULL, "outcome" TEXT NOT '
    'NULL, "next_step" TEXT NOT NULL, "follow_up_on" DATE, FOREIGN KEY ("created_by_id") '
    'REFERENCES "account" ("id"), FOREIGN KEY ("updated_by_id") REFERENCES "account" '
    '("id"), FOREIGN KEY ("law_id") REFERENCES "law" ("id") ON DELETE SET NULL)',
    'CREATE INDEX "advocacy_action_created_by_id" ON "advocacy_action" ("created_by_id")',
    'CREATE INDEX "advocacy_action_updated_by_id" ON "advocacy_action" ("updated_by_id")',
    'CREATE INDEX "advocacy_action_law_id" ON "advocacy_action" ("law_id")',
    'CREATE INDEX "advocacy_action_office_taken_on" ON "advocacy_action" ("office", '
    '"taken_on")',
    'CREATE INDEX "advocacy_action_law_id_taken_on" ON "advocacy_action" ("law_id", '
    '"taken_on")',
    'CREATE TABLE "advocacy_case" ("id" INTEGER NOT NULL PRIMARY KEY, "law_id" INTEGER, '
    '"action_id" INTEGER, "case_id" INTEGER NOT NULL, "linked_by_id" INTEGER NOT NULL, '
    '"linked_at" DATETIME NOT NULL, FOREIGN KEY ("law_id") REFERENCES "law" ("id") ON '
    'DELETE CASCADE, FOREIGN KEY ("action_id") REFERENCES "advocacy_action" ("id") ON '
    'DELETE CASCADE, FOREIGN KEY ("case_id") REFERENCES "case_file" ("id") ON DELETE '
    'CASCADE, FOREIGN KEY ("linked_by_id") REFERENCES "account" ("id"))',
    'CREATE INDEX "advocacy_case_law_id" ON "advocacy_case" ("law_id")',
    'CREATE INDEX "advocacy_case_action_id" ON "advocacy_case" ("action_id")',
    'CREATE INDEX "advocacy_case_case_id" ON "advocacy_case" ("case_id")',
    'CREATE INDEX "advocacy_case_linked_by_id" ON "advocacy_case" ("linked_by_id")',
    'CREATE INDEX "advocacy_case_law_id_case_id" ON "advocacy_case" ("law_id", "case_id")',
    'CREATE INDEX "advocacy_case_action_id_case_id" ON "advocacy_case" ("action_id", '
    '"case_id")',
    'ALTER TABLE "follow_up" ADD COLUMN "action_id" INTEGER',
    'CREATE INDEX "follow_up_action_id" ON "follow_up" ("action_id")',
)


def up(migrator, db):
    for statement in STATEMENTS:
        db.execute_sql(statement)
