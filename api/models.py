"""What an API token may do beyond its user's role: scopes (knox tokens carry none)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TokenScope(models.Model):
    """One right granted to one token, by whoever ran `api_token --scope` (an operator).

    A trusted partner's app (a kiosk at a partner organization, say) RSVPs for residents
    standing in front of it, and needs the RSVP's manage link back to hand it to them; an
    anonymous caller never gets it (it goes to the mailbox), see docs/design-privacy.md.
    """

    class Scope(models.TextChoices):
        RSVP_MANAGE_LINKS = (
            "rsvp:manage-links",
            _("Gets back the seat outcome and the manage link of the RSVPs it makes"),
        )

    token = models.ForeignKey(
        "knox.AuthToken", on_delete=models.CASCADE, related_name="scopes", verbose_name=_("token")
    )
    scope = models.CharField(_("scope"), max_length=40, choices=Scope.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("token scope")
        verbose_name_plural = _("token scopes")
        constraints = [
            models.UniqueConstraint(fields=["token", "scope"], name="token_scope_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.scope} for {self.token.user}"


def token_has_scope(auth, scope: str) -> bool:
    """Whether the request's authentication (request.auth: a knox token, or None for a
    session or nobody) carries this scope."""
    token_pk = getattr(auth, "pk", None)
    if token_pk is None:
        return False
    return TokenScope.objects.filter(token_id=token_pk, scope=scope).exists()
