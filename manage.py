#!/usr/bin/env python
"""Porchlight's command-line entry point."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 - load settings now to report a bad environment clearly
    except ImproperlyConfigured as exc:
        sys.exit(f"Porchlight cannot start: {exc}")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
