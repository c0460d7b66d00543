"""A real SMTP server for the tests and the load test (aiosmtpd) on 127.0.0.1: slow, or refusing.

Django's in-memory outbox proves nothing about timeouts, refusals or double sends; a server on
a socket does. Each message it accepts is kept, parsed, with the addresses it was sent to.
"""

import asyncio
import email
import email.policy
import socket
from contextlib import contextmanager
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller


@dataclass
class Received:
    to: list[str]
    message: email.message.EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    def text(self) -> str:
        """Every text part, decoded: what a person could read in it."""
        parts = [p.get_content() for p in self.message.walk() if p.get_content_maintype() == "text"]
        return "\n".join([self.subject, *parts])


@dataclass
class Recorder:
    """The server's handler. `delay` seconds per message; `refuse` an SMTP answer such as
    "550 5.1.1 No such mailbox" to give instead of accepting."""

    delay: float = 0
    refuse: str = ""
    received: list[Received] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's API)
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.refuse:
            return self.refuse
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append(Received(list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Received]:
        return [item for item in self.received if address in item.to]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def smtp_server(**behaviour):
    """A running server; yields (port, recorder)."""
    recorder = Recorder(**behaviour)
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller.port, recorder
    finally:
        controller.stop()
