"""Django's and Django REST framework's own messages that residents and API clients meet,
with their own message ids, so our catalogs carry them.

Django ships no catalog for Tagalog or Hmong, and DRF none for Punjabi, Tagalog or Hmong:
without these entries a resident reading Hmong would get "This field is required." in
English. Our catalogs come first in Django's lookup, so these translations are the ones
shown in every language. Never imported: `makemessages` and the catalog test read it.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

DJANGO_FORMS = [
    _("This field is required."),
    _("Enter a whole number."),
    _("Enter a number."),
    _("Enter a valid date."),
    _("Enter a valid time."),
    _("Enter a valid email address."),
    _("Ensure this value is less than or equal to %(limit_value)s."),
    _("Ensure this value is greater than or equal to %(limit_value)s."),
    _("Select a valid choice. %(value)s is not one of the available choices."),
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
]

REST_FRAMEWORK = [
    _("This field may not be blank."),
    _("This field may not be null."),
    _("A valid integer is required."),
    _("Not found."),
    _("Invalid input."),
    _("Malformed request."),
    _("Invalid page."),
    _("Authentication credentials were not provided."),
    _("Incorrect authentication credentials."),
    _("Invalid token."),
    _("You do not have permission to perform this action."),
    _("Request was throttled."),
    _('Method "{method}" not allowed.'),
    _("Ensure this field has no more than {max_length} characters."),
    _("Date has wrong format. Use one of these formats instead: {format}."),
    _("Datetime has wrong format. Use one of these formats instead: {format}."),
]
