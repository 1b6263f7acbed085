"""Victims of a violation who are not identified one by one, counted by sex and age group.

An attack on a village can have thirty victims of whom the office knows two by name: the
others are counted (men, women, boys, girls, and those whose sex or age is not known) so
that the figures the office publishes count them too. Adding columns with a default does
not rewrite the table.
"""

COLUMNS = ("unnamed_men", "unnamed_women", "unnamed_boys", "unnamed_girls", "unnamed_unknown")


def up(migrator, db):
    for column in COLUMNS:
        db.execute_sql(f"ALTER TABLE violation ADD COLUMN {column} INTEGER NOT NULL DEFAULT 0")
