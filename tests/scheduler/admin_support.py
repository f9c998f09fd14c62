"""Helpers shared by the admin tests: what a browser posts, a coordinator."""

from html.parser import HTMLParser

from django.contrib.auth.models import Group, Permission

from scheduler.permissions import COORDINATORS
from tests import factories


def form_values(html: str) -> dict[str, list[str]]:
    """The values a browser would post from an admin form page."""
    values: dict[str, list[str]] = {}

    class Parser(HTMLParser):
        select = None
        textarea = None

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            boxes = ("checkbox", "radio")
            if tag == "input" and a.get("name") and a.get("type") not in ("submit", *boxes):
                values.setdefault(a["name"], []).append(a.get("value") or "")
            elif tag == "input" and a.get("type") in boxes and "checked" in a:
                values.setdefault(a["name"], []).append(a.get("value") or "on")
            elif tag == "select":
                self.select = a.get("name")
            elif tag == "option" and self.select and "selected" in a:
                values.setdefault(self.select, []).append(a.get("value") or "")
            elif tag == "textarea":
                self.textarea = a.get("name")
                values.setdefault(self.textarea, [""])

        def handle_endtag(self, tag):
            if tag == "select":
                self.select = None
            if tag == "textarea":
                # As browsers do (HTML's parsing rules): a newline just after <textarea> is
                # not part of its value.
                values[self.textarea][-1] = values[self.textarea][-1].removeprefix("\n")
                self.textarea = None

        def handle_data(self, data):
            if self.textarea:
                values[self.textarea][-1] += data

    Parser().feed(html)
    return values


def coordinator():
    """A coordinator with the admin permissions, also after a transactional test flushed
    the groups that the data migration made."""
    user = factories.user("coordinator", is_staff=True)
    group = Group.objects.get(name=COORDINATORS)
    if not group.permissions.exists():
        group.permissions.set(
            Permission.objects.filter(content_type__app_label__in=["scheduler", "rsvp"])
        )
    return user
