"""Transports that fail or tell on the sender, standing in for SMTP servers and carriers."""

import time

from django.core.mail.backends import locmem, smtp
from django.core.mail.backends.base import BaseEmailBackend
from django_q.exceptions import TimeoutException

from notifications.models import Notification


class DownEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server down")


class HungEmailBackend(BaseEmailBackend):
    """A server that never answers: the send task runs out of time, as django-q2 says so."""

    def send_messages(self, email_messages):
        raise TimeoutException("Task exceeded maximum timeout value (30 seconds)")


class QuitRecordingSmtpBackend(smtp.EmailBackend):
    """Django's SMTP backend, noting what the outbox says when it says goodbye (QUIT)."""

    states_at_quit: list[list[str]] = []

    def close(self):
        if self.connection is not None:
            self.states_at_quit.append(
                list(
                    Notification.objects.filter(kind="confirmed")
                    .order_by("pk")
                    .values_list("state", flat=True)
                )
            )
        super().close()


class PickyEmailBackend(locmem.EmailBackend):
    """Django's test outbox, but a server down for down@…, slow for slow@… (SLOW seconds)."""

    SLOW = 0.8

    def send_messages(self, email_messages):
        for message in email_messages:
            if message.to[0].startswith("down@"):
                raise ConnectionRefusedError("mail server down for this one")
            if message.to[0].startswith("slow@"):
                time.sleep(self.SLOW)
        return super().send_messages(email_messages)
