"""Alembic environment for opdcrawl.

Uses the connection handed over by ``opdcrawl.db.engine.migrate`` when there is one
(so the caller's lock and transaction cover the upgrade); otherwise, for ``alembic``
run by hand, connects to ``sqlalchemy.url`` or ``opdcrawl.db.engine.database_url()``.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from opdcrawl.db.engine import database_url, make_engine
from opdcrawl.db.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things; batch mode rebuilds tables instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url") or database_url(),
        target_metadata=target_metadata,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or database_url())
    try:
        with engine.connect() as connection:
            _run(connection)
            connection.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
