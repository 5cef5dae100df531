"""The newest schema revision this release knows, importable without SQLAlchemy or Alembic.

The command line's quick reads (:func:`desktop.services.office.quick_office`) compare a SQLite
database's ``alembic_version`` with it before deciding they need no upgrade;
:data:`desktop.db.SCHEMA_HEAD` is this constant.
"""

from __future__ import annotations

SCHEMA_HEAD = "0007"
"""The last script in ``migrations/versions``. Bump it with every new migration;
``tests/test_migrations.py`` checks it against Alembic's own head, so a forgotten bump fails the
suite instead of leaving databases one step behind."""
