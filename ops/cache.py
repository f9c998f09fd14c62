"""Django's database cache, made to survive a missing table.

Idempotency keys and calendar-feed bodies live in this cache (the throttles count in
counters/). Its table is made by `migrate` (ops/management/commands/migrate.py); a database
set up any other way (an older `migrate`, a restore without it) would make every feed and
every API write with an Idempotency-Key a 500. Instead, the first operation that finds the
table missing creates it (if two processes race to do it, the loser's CREATE TABLE fails and
is ignored) and runs again.
"""

import contextlib
import functools

from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connections, router


def _table_missing(exc: DatabaseError) -> bool:
    cause = exc.__cause__
    # 42P01 undefined_table (PostgreSQL); SQLite only says so in words.
    return getattr(cause, "sqlstate", None) == "42P01" or "no such table" in str(exc).lower()


def _healing(method):
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        alias = router.db_for_write(self.cache_model_class)
        try:
            return method(self, *args, **kwargs)
        except DatabaseError as exc:
            # Inside a transaction on PostgreSQL the failed statement has spoilt it: nothing
            # more can run before a rollback, so that error is the caller's to see. (The cache
            # is used from views, outside transactions; no savepoint is paid on every call.)
            if (
                not _table_missing(exc)
                or connections[alias].in_atomic_block
                and (connections[alias].vendor == "postgresql")
            ):
                raise
        # Another process may create it between createcachetable's look and its CREATE
        # TABLE: ours then fails, and the table is there either way.
        with contextlib.suppress(CommandError, DatabaseError):
            call_command("createcachetable", self._table, database=alias, verbosity=0)
        return method(self, *args, **kwargs)

    return wrapper


class DatabaseCache(DjangoDatabaseCache):
    get_many = _healing(DjangoDatabaseCache.get_many)
    _base_set = _healing(DjangoDatabaseCache._base_set)
    _base_delete_many = _healing(DjangoDatabaseCache._base_delete_many)
    has_key = _healing(DjangoDatabaseCache.has_key)
    clear = _healing(DjangoDatabaseCache.clear)
