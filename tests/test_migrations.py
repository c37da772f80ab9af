"""The migrations build exactly the schema the models describe, so `make run` can upgrade."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from helpboard.extensions import db


def test_the_migrated_database_matches_the_models(app):
    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    # A difference means a model changed without a migration (flask db migrate).
    assert differences == []
