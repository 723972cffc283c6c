"""Every key of the shared store, built in one place.

In the manner of aiogram's ``DefaultKeyBuilder``: a key is its parts joined by ``:``; the
store adds the deployment prefix (``hotline:`` by default, see :func:`open_store`). A
conversation key (``channel:account:sender``) is one part, kept whole, so a key can be read
back without ambiguity only from its start: ``<kind>:<owner>[:<detail>]``.

Renaming a key here renames it everywhere; nothing else in the gateway writes key strings.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KeyBuilder:
    """Builds the store keys of the gateway (separator ``:``)."""

    separator: str = ":"

    def build(self, *parts: str | int) -> str:
        """``build("a", "b", 3)`` -> ``"a:b:3"``."""
        return self.separator.join(map(str, parts))

    # -- the message path (gateway.pipeline)
    def conversation(self, channel: str, account: str, sender: str) -> str:
        """A citizen on one channel account; equals ``InboundMessage.conversation_key``."""
        return self.build(channel, account, sender)

    def dedup(self, message_key: str) -> str:
        """A provider message seen (``channel:account:sender:external_id``), holding its answer."""
        return self.build("dedup", message_key)

    def deferred(self, message_key: str) -> str:
        """A message acknowledged without its answer: the answer goes by push, so a
        provider's retry of it is acknowledged, never answered a second time inline."""
        return self.build("deferred", message_key)

    def conversation_lock(self, conversation: str) -> str:
        """One message at a time per citizen (the store's ``lock`` adds its own ``lock:``)."""
        return self.build("conv", conversation)

    def conversation_meta(self, conversation: str) -> str:
        """Who is behind a conversation key (channel, account, sender)."""
        return self.build("conv-meta", conversation)

    def session(self, conversation: str) -> str:
        """The dialogue state of a conversation."""
        return self.build("session", conversation)

    def pending(self, conversation: str) -> str:
        """Replies that could not be pushed, sent with the citizen's next message."""
        return self.build("pending", conversation)

    def rate(self, conversation: str, minute: int) -> str:
        """Messages of a conversation in one wall-clock minute (flood control, 第十一条)."""
        return self.build("rate", conversation, minute)

    def notices_cursor(self) -> str:
        """The last case event whose unit reply was told to its citizen."""
        return self.build("notices", "replied", "cursor")

    def channel_state(self, channel: str, *parts: str) -> str:
        """State a channel adapter shares across processes (``channels.state``): e.g.
        WeChat's access token, a citizen's 48-hour window, an uploaded media id."""
        return self.build("chan", channel, *parts)

    # -- the web chat
    def web_presence(self, visitor: str) -> str:
        """Which gateway process holds a web-chat visitor's websocket."""
        return self.build("presence", "web", visitor)

    def web_push_channel(self) -> str:
        """The pub/sub channel that carries web-chat pushes between processes."""
        return "webchat-push"

    # -- the agent console
    def console_login_attempts(self, username: str) -> str:
        """Login attempts of one user name in the current minute."""
        return self.build("console", "login", username)

    def console_session(self, sid: str) -> str:
        """An agent's signed-in session."""
        return self.build("console", "session", sid)

    def console_alive(self, agent: str) -> str:
        """An agent's presence heartbeat."""
        return self.build("console", "alive", agent)

    def console_claimed(self, conversation: str) -> str:
        """Marker: an agent holds this conversation (a fast path before the database)."""
        return self.build("console", "claimed", conversation)

    # -- background work
    def scheduler_leader(self) -> str:
        """The lease of the process that runs scheduled jobs."""
        return self.build("scheduler", "leader")

    def lease(self, job: str) -> str:
        """The lease of the one process that runs a background job (``every(lease=...)``)."""
        return self.build("lease", job)

    def failures(self, scope: str, subject: str, window: int) -> str:
        """Failed attempts of ``subject`` (a client, an order number) in one time window."""
        return self.build("failures", scope, subject, window)


KEYS = KeyBuilder()
