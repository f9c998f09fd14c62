"""A real SMTP server (aiosmtpd) on 127.0.0.1 and a free port, slow to accept, that records.

Each message takes `delay` seconds to accept after its data arrived, then the server
records its Message-ID and the moment, and answers 250. If the client vanishes during
those seconds, aiosmtpd drops the session and the message is not accepted — unless
`keeps_orphans`: then the server finishes accepting it anyway, as a server that has
already queued the message does (RFC 1047's duplicate window, the worst case for the
sender, who never saw the 250).
"""

import asyncio
import contextlib
import email
import email.message
import email.policy
import logging
import threading
import time

from aiosmtpd.smtp import SMTP

# aiosmtpd logs every connection at INFO; a killed client is expected here.
logging.getLogger("mail.log").setLevel(logging.WARNING)


class SlowSmtpServer:
    def __init__(
        self, *, delay: float = 0.3, keeps_orphans: bool = False, refuses: frozenset = frozenset()
    ):
        self.delay = delay
        self.keeps_orphans = keeps_orphans
        self.refuses = refuses  # recipients answered 550 at RCPT TO
        self.accepted: list[tuple[str, float]] = []  # (Message-ID, time.time()) per message
        self.messages: list[email.message.EmailMessage] = []  # what was accepted, in order
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server = None
        self.port: int | None = None

    async def _accept(self, content: bytes) -> None:
        await asyncio.sleep(self.delay)
        message = email.message_from_bytes(content, policy=email.policy.default)
        with self._lock:
            self.accepted.append((str(message["Message-ID"]), time.time()))
            self.messages.append(message)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address in self.refuses:
            return "550 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        work = self._accept(envelope.content)
        if self.keeps_orphans:
            await asyncio.shield(asyncio.ensure_future(work))
        else:
            await work
        return "250 Message accepted for delivery"

    def start(self) -> "SlowSmtpServer":
        self._thread.start()

        async def serve():
            return await self._loop.create_server(
                lambda: SMTP(self, hostname="localhost"), "127.0.0.1", 0
            )

        self._server = asyncio.run_coroutine_threadsafe(serve(), self._loop).result(10)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    def stop(self) -> None:
        async def close():
            self._server.close()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._server.wait_closed(), 5)

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def snapshot(self) -> list[tuple[str, float]]:
        with self._lock:
            return list(self.accepted)

    def received(self) -> list[email.message.EmailMessage]:
        with self._lock:
            return list(self.messages)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
