"""Justice follow-up: proceedings about cases, their stages, accused and charges with
verdicts, hearings, reparations and payments, victims in court, and the mobile court
sessions that hear them (with the releases they order)."""

STATEMENTS = (
    'CREATE TABLE "mobile_session" ("id" INTEGER NOT NULL PRIMARY KEY, '
     '"version" INTEGER NOT NULL, "created_at" DATETIME NOT NULL, '
     '"created_by_id" INTEGER NOT NULL, "updated_at" DATETIME NOT NULL, '
     '"updated_by_id" INTEGER NOT NULL, "office" VARCHAR(255) NOT NULL, '
     '"court_code" VARCHAR(255) NOT NULL, "province_code" VARCHAR(255) NOT NULL, '
     '"territory_code" VARCHAR(255) NOT NULL, "locality" TEXT NOT NULL, '
     '"start_on" DATE NOT NULL, "end_on" DATE NOT NULL, "note" TEXT NOT NULL, '
     'FOREIGN KEY ("created_by_id") REFERENCES "account" ("id"), '
     'FOREIGN KEY ("updated_by_id") REFERENCES "account" ("id"))',
    'CREATE INDEX "mobile_session_created_by_id" ON "mobile_session" ("created_by_id")',
    'CREATE INDEX "mobile_session_updated_by_id" ON "mobile_session" ("updated_by_id")',
    'CREATE INDEX "mobile_session_office_start_on" ON "mobile_session" ("office", '
     '"start_on")',
    'CREATE TABLE "proceeding" ("id" INTEGER NOT NULL PRIMARY KEY, '
     '"version" INTEGER NOT NULL, "created_at" DATETIME NOT NULL, '
     '"created_by_id" INTEGER NOT NULL, "updated_at" DATETIME NOT NULL, '
     '"updated_by_id" INTEGER NOT NULL, "office" VARCHAR(255) NOT NULL, '
     '"court_code" VARCHAR(255) NOT NULL, "jurisdiction" VARCHAR(255) NOT NULL, '
     '"province_code" VARCHAR(255) NOT NULL, "territory_code" VARCHAR(255) NOT NULL, '
     '"docket" TEXT NOT NULL, "stage" VARCHAR(255) NOT NULL, '
     '"stage_on" DATE NOT NULL, "opened_on" DATE NOT NULL, "appeal_of_id" INTEGER, '
     '"session_id" INTEGER, "last_hearing_on" DATE, "next_hearing_on" DATE, '
     'FOREIGN KEY ("created_by_id") REFERENCES "account" ("id"), '
     'FOREIGN KEY ("updated_by_id") REFERENCES "account" ("id"), '
     'FOREIGN KEY ("appeal_of_id") REFERENCES "proceeding" ("id") ON DELETE SET NULL, '
     'FOREIGN KEY ("session_id") REFERENCES "mobile_session" ("id") ON DELETE SET NULL)',
    'CREATE INDEX "proceeding_created_by_id" ON "proceeding" ("created_by_id")',
    'CREATE INDEX "proceeding_updated_by_id" ON "proceeding" ("updated_by_id")',
    'CREATE INDEX "proceeding_appeal_of_id" ON "proceeding" ("appeal_of_id")',
    'CREATE INDEX "proceeding_session_id" ON "proceeding" ("session_id")',
    'CREATE INDEX "proceeding_office_stage" ON "proceeding" ("office", "stage")',
    'CREATE INDEX "proceeding_next_hearing_on" ON "proceeding" ("next_hearing_on")',
    'CREATE TABLE "proceeding_case" ("id" INTEGER NOT NULL PRIMARY KEY, '
     '"proceeding_id" INTEGER NOT NULL, "case_id" INTEGER NOT NULL, '
     'FOREIGN KEY ("proceeding_id") REFERENCES "proceeding" ("id") ON DELETE CASCADE, '
     'FOREIGN KEY ("case_id") REFERENCES "case_file" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "proceeding_case_proceeding_id" ON "proceeding_case" ("proceeding_id")',
    'CREATE INDEX "proceeding_case_case_id" ON "proceeding_case" ("case_id")',
    'CREATE UNIQUE INDEX "proceeding_case_proceeding_id_case_id" '
     'ON "proceeding_case" ("proceeding_id", "case_id")',
    'CREATE TABLE "proceeding_stage" ("id" INTEGER NOT NULL PRIMARY KEY, '
     '"proceeding_id" INTEGER NOT NULL, "stage" VARCHAR(255) NOT NULL, '
     '"on" DATE NOT NULL, "evidence" TEXT NOT NULL, "by_id" INTEGER NOT NULL, '
     '"at" DATETIME NOT NULL, '
     'FOREIGN KEY ("proceeding_id") REFERENCES "proceeding" ("id") ON DELETE CASCADE, '
     'FOREIGN KEY ("by_id") REFERENCES "account" ("id"))',
    'CREATE INDEX "proceeding_stage_proceeding_id" ON "proceeding_stage" ("proceeding_id")',
    'CREATE INDEX "proceeding_stage_by_id" ON "proceeding_stage" ("by_id")',
    'CREATE INDEX "proceeding_stage_proceeding_id_on" ON "proceeding_stage" ("proceeding_id", '
     '"on")',
    'CREATE TABLE "accused" ("id" INTEGER NOT NULL PRIMARY KEY, '
     '"version" INTEGER NOT NULL, "created_at" DATETIME NOT NULL, '
     '"created_by_id" INTEGER NOT NULL, "updated_at" DATETIME NOT NULL, '
     '"updated_by_id" INTEGER NOT NULL, "proceeding_id" INTEGER NOT NULL, '
     '"perpetrator_id" INTEGER, "first_instance_id" INTEGER, '
     '"code" VARCHAR(255) NOT NULL, "name" TEXT NOT NULL, '
     '"category_code" VARCHAR(255) NOT NULL, "rank" TEXT NOT NULL, '
     '"unit" TEXT NOT NULL, "judged_on" DATE, "sentence_kind" VARCHAR(255) NOT NULL, '
     '"sentence_months" INTEGER, '
     'FOREIGN KEY ("created_by_id") REFERENCES "account" ("id"), '
     'FOREIGN KEY ("updated_by_id") REFERENCES "account" ("id"), '
     'FOREIGN KEY ("proceeding_id") REFERENCES "proceeding" ("id") ON DELETE CASCADE, '
     'FOREIGN KEY ("perpetrator_id") REFERENCES "perpetrator" ("id") ON DELETE SET NULL, '
     'FOREIGN KEY ("first_instance_id") REFERENCES "accused" ("id") ON DELETE SET NULL)',
    'CREATE INDEX "accused_created_by_id" ON "accused" ("created_by_id")',
    'CREATE INDEX "accused_updated_by_id" ON "accused" ("updated_by_id")',
    'CREATE INDEX "accused_proceeding_id" ON "accused" ("proceeding_id")',
    'CREATE INDEX "accused_perpetrator_id" ON "accused" ("perpetrator_id")',
    'CREATE INDEX "accused_first_instance_id" ON "accused" ("first_instance_id")',
    'CREATE UNIQUE INDEX "accused_proceeding_id_code" ON "accused" ("proceeding_id", '
     '"code")',
    'CREATE TABLE "charge" ("id" INTEGER NOT NULL PRIMARY KEY, '
     '"version" INTEGER NOT NULL, "created_at" DATETIME NOT NULL, '
     '"created_by_id" INTEGER NOT NULL, "updated_at" DATETIME NOT NULL, '
     '"updated_by_id" INTEGER NOT NULL, "accused_id" INTEGER NOT NULL, '
     '"proceeding_id" INTEGER NOT NULL, "charge_code" VARCHAR(255) NOT NULL, '
     '"verdict" VARCHAR(255) NOT NULL, "requalified_code" VARCHAR(255) NOT NULL, '
     'FOREIGN KEY ("created_by_id") REFERENCES "account" ("id"), '
     'FOREIGN KEY ("updated_by_id") REFERENCES "account" ("id"), '
     'FOREIGN KEY ("accused_id") REFERENCES "accused" ("id") ON DELETE CASCADE, '
     'FOREIGN KEY ("proceeding_id") REFERENCES "proceeding" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "charge_created_by_id" ON "charge" ("created_by_id")',
    'CREATE INDEX "charge_updated_by_id" ON "charge" ("updated_by_id")',
    'CREATE INDEX "charge_accused_id" ON "charge" ("accused_id")',
    'CREATE INDEX "charge_proceeding_id" ON "charge" ("proceeding_id")',
    'CREATE UNIQUE INDEX "charge_accused_id_charge_code" ON "charge" ("accused_id", '
     '"charge_code")',
    'CREATE TABLE "hearing" ("id" INTEGER NOT NULL PRIMARY KEY, '
     '"version" INTEGER NOT NULL, "created_at" DATETIME NOT NULL, '
     '"created_by_id" INTEGER NOT NULL, "updated_at" DATETIME NOT NULL, '
     '"updated_by_id" INTEGER NOT NULL, "proceeding_id" INTEGER NOT NULL, '
     '"held_on" DATE NOT NULL, "postponed" INTEGER NOT NULL, "reason" TEXT NOT NULL, '
     '"summary" TEXT NOT NULL, "next_on" DATE, "closed_to_public" INTEGER NOT NULL, '
     'FOREIGN KEY ("created_by_id") REFERENCES "account" ("id"), '
     'FOREIGN KEY ("updated_by_id") REFERENCES "account" ("id"), '
     'FOREIGN KEY ("proceeding_id") REFERENCES "proceeding" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "hearing_created_by_id" ON "hearing" ("created_by_id")',
    'CREATE INDEX "hearing_updated_by_id" ON "hearing" ("updated_by_id")',
    'CREATE INDEX "hearing_proceeding_id" ON "hearing" ("proceeding_id")',
    'CREATE INDEX "hearing_proceeding_id_held_on" ON "hearing" ("proceeding_id", '
     '"held_on")',
    'CREATE INDEX "hearing_held_on" ON "hearing" ("held_on")',
    'CREATE TABLE "reparation" ("id" INTEGER NOT NULL PRIMARY KEY, '
     '"version" INTEGER NOT NULL, "created_at" DATETIME NOT NULL, '
     '"created_by_id" INTEGER NOT NULL, "updated_at" DATETIME NOT NULL, '
     '"updated_by_id" INTEGER NOT NULL, "accused_id" INTEGER NOT NULL, '
     '"proceeding_id" INTEGER NOT NULL, "amount" INTEGER NOT NULL, '
     '"currency" VARCHAR(255) NOT NULL, "beneficiary" TEXT NOT NULL, '
     '"jointly_with_state" INTEGER NOT NULL, "ordered_on" DATE NOT NULL, '
     'FOREIGN KEY ("created_by_id") REFERENCES "account" ("id"), '
     'FOREIGN KEY ("updated_by_id") REFERENCES "account" ("id"), '
     'FOREIGN KEY ("accused_id") REFERENCES "accused" ("id") ON DELETE CASCADE, '
     'FOREIGN KEY ("proceeding_id") REFERENCES "proceeding" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "reparation_created_by_id" ON "reparation" ("created_by_id")',
    'CREATE INDEX "reparation_updated_by_id" ON "reparation" ("updated_by_id")',
    'CREATE INDEX "reparation_accused_id" ON "reparation" ("accused_id")',
    'CREATE INDEX "reparation_proceeding_id" ON "reparation" ("proceeding_id")',
    'CREATE TABLE "reparation_payment" ("id" INTEGER NOT NULL PRIMARY KEY, '
     '"reparation_id" INTEGER NOT NULL, "amount" INTEGER NOT NULL, '
     '"paid_on" DATE NOT NULL, "note" TEXT NOT NULL, '
     '"recorded_by_id" INTEGER NOT NULL, "recorded_at" DATETIME NOT NULL, '
     'FOREIGN KEY ("reparation_id") REFERENCES "reparation" ("id") ON DELETE CASCADE, '
     'FOREIGN KEY ("recorded_by_id") REFERENCES "account" ("id"))',
    'CREATE INDEX "reparation_payment_reparation_id" ON "reparation_payment" ("reparation_id")',
    'CREATE INDEX "reparation_payment_recorded_by_id" ON "reparation_payment" ("recorded_by_id")',
    'CREATE TABLE "court_victim" ("id" INTEGER NOT NULL PRIMARY KEY, '
     '"version" INTEGER NOT NULL, "created_at" DATETIME NOT NULL, '
     '"created_by_id" INTEGER NOT NULL, "updated_at" DATETIME NOT NULL, '
     '"updated_by_id" INTEGER NOT NULL, "proceeding_id" INTEGER NOT NULL, '
     '"victim_id" INTEGER NOT NULL, "civil_party" INTEGER NOT NULL, '
     '"protection_requested" TEXT NOT NULL, "protection_granted" TEXT NOT NULL, '
     '"legal_aid" TEXT NOT NULL, '
     'FOREIGN KEY ("created_by_id") REFERENCES "account" ("id"), '
     'FOREIGN KEY ("updated_by_id") REFERENCES "account" ("id"), '
     'FOREIGN KEY ("proceeding_id") REFERENCES "proceeding" ("id") ON DELETE CASCADE, '
     'FOREIGN KEY ("victim_id") REFERENCES "victim" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "court_victim_created_by_id" ON "court_victim" ("created_by_id")',
    'CREATE INDEX "court_victim_updated_by_id" ON "court_victim" ("updated_by_id")',
    'CREATE INDEX "court_victim_proceeding_id" ON "court_victim" ("proceeding_id")',
    'CREATE INDEX "court_victim_victim_id" ON "court_victim" ("victim_id")',
    'CREATE UNIQUE INDEX "court_victim_proceeding_id_victim_id" '
     'ON "court_victim" ("proceeding_id", "victim_id")',
    'CREATE TABLE "session_release" ("id" INTEGER NOT NULL PRIMARY KEY, '
     '"session_id" INTEGER NOT NULL, "released" INTEGER NOT NULL, '
     '"released_on" DATE NOT NULL, "basis" VARCHAR(255) NOT NULL, '
     '"note" TEXT NOT NULL, "recorded_by_id" INTEGER NOT NULL, '
     '"recorded_at" DATETIME NOT NULL, '
     'FOREIGN KEY ("session_id") REFERENCES "mobile_session" ("id") ON DELETE CASCADE, '
     'FOREIGN KEY ("recorded_by_id") REFERENCES "account" ("id"))',
    'CREATE INDEX "session_release_session_id" ON "session_release" ("session_id")',
    'CREATE INDEX "session_release_recorded_by_id" ON "session_release" ("recorded_by_id")',
)


def up(migrator, db):
    for statement in STATEMENTS:
        db.execute_sql(statement)
