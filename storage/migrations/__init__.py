"""Alembic migrations of the maliwatch schema (run by ``storage.db.upgrade_database``)."""
