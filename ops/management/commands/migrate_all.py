"""Kept for scripts written before plain `migrate` did it all: same as `manage.py migrate`."""

from ops.management.commands.migrate import Command as MigrateEverything


class Command(MigrateEverything):
    help = "The same as `manage.py migrate`: every database, and the cache table."
