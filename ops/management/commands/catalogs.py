"""`manage.py catalogs check` lists what a catalog lacks; `manage.py catalogs compile` writes .mo.

Both in Python (polib, Babel): no GNU gettext needed. Updating the catalogs from the code
is Django's `makemessages` (`make messages` runs both).
"""

from django.core.management.base import BaseCommand, CommandError

from ops import catalogs


class Command(BaseCommand):
    help = "Check the message catalogs for missing, untranslated or fuzzy entries, or compile them."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["check", "compile", "headers"])
        parser.add_argument("languages", nargs="*", help="Language codes (default: all).")

    def handle(self, *args, action, languages, **options):
        if action == "headers":
            catalogs.headers_set()
            return
        if action == "compile":
            for path in catalogs.compile_catalogs():
                self.stdout.write(f"compiled {path}")
            return
        messages = catalogs.source_messages()
        problems = []
        for language in languages or catalogs.translated_languages():
            problems += catalogs.catalog_problems(language, messages)
        for problem in problems:
            self.stdout.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} catalog problems")
        self.stdout.write(f"{len(messages)} strings, every catalog complete")
