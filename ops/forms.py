"""The sign-in forms (/accounts/login/ and /admin/login/), refusing a user name no account
can have before anything else runs, and a try past the site's budget of password checks
(ops/signin.py) with words that say to try again.

Django's AuthenticationForm shows the user model's length limit in the page but does not
check it: a longer name went on to the password hasher (a dummy hash, for an unknown name),
then to django-axes, whose failure record holds 255 characters. On PostgreSQL that record
failed (a 500), so such attempts were never counted and never locked: a flood with long
names cost a full hash each without end. Refused here, they cost neither.
"""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from ops.signin import BUSY_MESSAGE, SignInBusy


class _SignInLimits:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))

    def clean(self):
        try:
            return super().clean()
        except SignInBusy as busy:
            # SignInDeviceMiddleware answers this page 429 with Retry-After.
            self.request.porchlight_signin_busy = busy.retry_after
            raise ValidationError(BUSY_MESSAGE, code="busy") from None


class SignInForm(_SignInLimits, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        # Django's words take the user model's field name, untranslated in Hmong and Tagalog.
        "invalid_login": _(
            "Please enter a correct username and password. Note that both fields may be "
            "case-sensitive."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Our words, in our catalogs: Django's own have no Hmong or Tagalog.
        self.fields["username"].label = _("Username")
        self.fields["password"].label = _("Password")


class AdminSignInForm(_SignInLimits, AdminAuthenticationForm):
    pass
