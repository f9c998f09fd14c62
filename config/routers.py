"""Routes apps to SQLite files of their own: django-q2's tables to the `queue` alias, the
throttles' counters to the `counters` alias. Each SQLite file has one writer at a time, so
a busy queue or a flood of counted requests never holds the write lock that residents'
RSVPs wait for. (On PostgreSQL there is one database and no router.)"""

APP_DATABASES = {"django_q": "queue", "counters": "counters"}


class SqliteFilesRouter:
    def db_for_read(self, model, **hints):
        return APP_DATABASES.get(model._meta.app_label)

    def db_for_write(self, model, **hints):
        return APP_DATABASES.get(model._meta.app_label)

    def allow_relation(self, obj1, obj2, **hints):
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        if app_label in APP_DATABASES:
            return db == APP_DATABASES[app_label]
        if db in APP_DATABASES.values():
            # Nothing else lives in these files (nor the cache table).
            return False
        return None
