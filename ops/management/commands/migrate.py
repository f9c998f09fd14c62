"""`manage.py migrate` that leaves a working site: every database, and the cache table.

Every Django user, container entrypoint and platform release step runs plain `migrate`.
With SQLite the task queue and the throttles' counters live in databases of their own (the
`queue` and `counters` aliases, see config/routers.py), which Django's own command migrates
only when asked by name; and
the database cache needs its table. So when no database is named, this migrates the
default one as usual, then every other configured database, then creates the cache
table (createcachetable is idempotent). `migrate --database X` behaves as Django's.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import DEFAULT_DB_ALIAS


class Command(DjangoMigrate):
    help = (
        DjangoMigrate.help + " Without --database: every configured database, and the cache table."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(database=None)  # None: no database named, so all of them

    def execute(self, *args, **options):
        self._every_database = options.get("database") is None
        options["database"] = options.get("database") or DEFAULT_DB_ALIAS
        return super().execute(*args, **options)

    def handle(self, *args, **options):
        super().handle(*args, **options)
        if not getattr(self, "_every_database", False):
            return
        # --check and --plan look at every database too (a deploy gate must see the queue's),
        # and an app label is migrated wherever the router puts that app.
        for alias in settings.DATABASES:
            if alias == DEFAULT_DB_ALIAS:
                continue
            if options["verbosity"] and not options["check_unapplied"]:
                self.stdout.write(f"Migrating database '{alias}'…")
            super().handle(*args, **{**options, "database": alias})
        if not (options["plan"] or options["check_unapplied"]):
            call_command("createcachetable", verbosity=options["verbosity"])
