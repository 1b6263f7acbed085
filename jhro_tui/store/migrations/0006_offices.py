"""Field offices become records, so that an account's office is chosen from a list.

Accounts and cases keep the office's name, as before: they are matched by it, and a case
list filtered by office reads its index. The office table is seeded with every name
already in use, exactly as written (a misspelt office stays visible to the
administrator, who can then move its accounts to the right one).
"""

import datetime

from peewee import CharField, DateTimeField, Model


def up(migrator, db):
    class Office(Model):
        name = CharField(unique=True)
        created_at = DateTimeField()

        class Meta:
            database = db
            table_name = "office"

    db.create_tables([Office])
    now = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
    db.execute_sql(
        "INSERT INTO office (name, created_at) "
        "SELECT name, ? FROM (SELECT office AS name FROM account WHERE office != '' "
        "UNION SELECT office FROM case_file WHERE office != '') ORDER BY name",
        (str(now),))
