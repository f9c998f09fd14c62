"""Routes django-q2's tables to their own SQLite file (the `queue` alias)."""

QUEUE_APPS = {"django_q"}


class QueueRouter:
    def db_for_read(self, model, **hints):
        return "queue" if model._meta.app_label in QUEUE_APPS else None

    def db_for_write(self, model, **hints):
        return "queue" if model._meta.app_label in QUEUE_APPS else None

    def allow_relation(self, obj1, obj2, **hints):
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        if app_label in QUEUE_APPS:
            return db == "queue"
        if db == "queue":
            # The cache table is created everywhere by createcachetable; nothing else here.
            return False
        return None
