"""An e-mail backend that keeps one file per message, named by its Message-ID.

Used by the delivery tests and handy in development. Each notice has a stable
Message-ID, so a re-send after a worker was killed between "sent" and "marked sent"
replaces the same file — the way receiving mail systems drop a duplicate Message-ID —
while a journal line per write lets tests count raw transport writes too.
"""

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend


class MessageDirBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        folder = Path(settings.EMAIL_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            raw = message.message()
            message_id = str(raw["Message-ID"]).strip("<>").replace("/", "_")
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
            with os.fdopen(fd, "wb") as handle:
                handle.write(raw.as_bytes(linesep="\n"))
            os.replace(tmp, folder / f"{message_id}.eml")
            with open(folder / "journal.log", "a", encoding="ascii") as journal:
                journal.write(message_id + "\n")
            sent += 1
        return sent
