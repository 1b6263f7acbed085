"""Where an imported case came from: the reference it had in the file it was imported
from (a partner's, or another office's), so that importing the same file twice is
reported instead of making every case twice. Empty for a case opened here."""


def up(migrator, db):
    db.execute_sql("ALTER TABLE case_file ADD COLUMN source_reference VARCHAR(255) NOT NULL "
                   "DEFAULT ''")
    db.execute_sql('CREATE INDEX "case_file_source_reference" ON "case_file" '
                   '("source_reference") WHERE "source_reference" != \'\'')
