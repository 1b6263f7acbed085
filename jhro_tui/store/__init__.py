"""peewee models, schema migrations, full-text search and reference data. No UI imports."""
