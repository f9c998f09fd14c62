"""Django's database cache, made to survive a missing table.

Idempotency keys and calendar-feed bodies live in this cache (the throttles count in
counters/). Its table is made by `migrate` (ops/management/commands/migrate.py); a database
set up any other way (an older `migrate`, a restore without it) would make every feed and
every API write with an Idempotency-Key a 500. Instead, the first operation that finds the
table missing creates it (if two processes race to do it, the loser's CREATE TABLE fails and
is ignored) and runs again.

An `add` the database refuses (read-only, locked, gone mid-statement) raises instead of
answering False. Django's cache swallows every error of its write (so that two processes
adding one key race harmlessly), but `add` is a lock here — the idempotency keys' — and its
False means "someone else holds it": a refused write would be taken for that (a 409 "in
progress"), where the answer is "the database is unavailable" (ops/outage.py, 503). A
refused `set` stays silent: the next read is a miss, as Django means it.
"""

import contextlib
import functools

from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connections, router

from ops.outage import unavailable_reason


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


def _refusal_raised(method):
    @functools.wraps(method)
    def wrapper(self, mode, *args, **kwargs):
        if mode != "add":
            return method(self, mode, *args, **kwargs)
        refused: list[DatabaseError] = []

        def watch(execute, sql, params, many, context):
            try:
                return execute(sql, params, many, context)
            except DatabaseError as exc:
                if unavailable_reason(exc):
                    refused.append(exc)
                raise

        with connections[router.db_for_write(self.cache_model_class)].execute_wrapper(watch):
            added = method(self, mode, *args, **kwargs)
        if not added and refused:
            raise refused[-1]
        return added

    return wrapper


class DatabaseCache(DjangoDatabaseCache):
    get_many = _healing(DjangoDatabaseCache.get_many)
    _base_set = _refusal_raised(_healing(DjangoDatabaseCache._base_set))
    _base_delete_many = _healing(DjangoDatabaseCache._base_delete_many)
    has_key = _healing(DjangoDatabaseCache.has_key)
    clear = _healing(DjangoDatabaseCache.clear)
