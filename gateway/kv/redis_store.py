"""The Redis key-value store (``HOTLINE_REDIS_URL``), shared by several gateway processes.

Keys are prefixed; composed operations run as the Lua scripts of :mod:`gateway.kv.scripts`
(one round trip, atomic on the server).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence

from gateway.kv import scripts
from gateway.kv.interface import Store, TurnOpened, lock_key


class RedisStore(Store):
    """Redis backend (redis-py asyncio). Keys are prefixed so tests can share a server."""

    shared = True

    def __init__(
        self,
        url: str,
        prefix: str = "hotline:",
        max_connections: int = 200,
        socket_timeout: float = 30.0,
    ) -> None:
        from redis.asyncio import BlockingConnectionPool, Redis

        # Blocking: a burst waits for a free connection instead of failing past the limit.
        # The timeouts are counted on the event loop, so they include its lag: redis-py's
        # 5 s default failed 199 of 1,000 web chats opened at once (issue 16). A URL's
        # own max_connections / socket_*timeout parameters win over these.
        pool = BlockingConnectionPool.from_url(
            url,
            decode_responses=True,
            max_connections=max_connections,
            timeout=socket_timeout,
            socket_timeout=socket_timeout,
            socket_connect_timeout=socket_timeout,
        )
        self._redis = Redis(connection_pool=pool)
        self._prefix = prefix
        self._cad = self._redis.register_script(scripts.CAD)
        self._incr = self._redis.register_script(scripts.INCR)
        self._open_turn = self._redis.register_script(scripts.OPEN_TURN)
        self._locked_reads = self._redis.register_script(scripts.LOCKED_READS)
        self._end_turn = self._redis.register_script(scripts.END_TURN)
        self._set_once_then = self._redis.register_script(scripts.SET_ONCE_THEN)

    def _k(self, key: str) -> str:
        return self._prefix + key

    @staticmethod
    def _ms(ttl: float | None) -> int | None:
        return None if ttl is None else max(1, int(ttl * 1000))

    async def get(self, key: str) -> str | None:
        value = await self._redis.get(self._k(key))
        return None if value is None else str(value)

    async def get_many(self, keys: Sequence[str]) -> list[str | None]:
        values = await self._redis.mget([self._k(k) for k in keys])
        return [None if v is None else str(v) for v in values]

    async def set(self, key: str, value: str, ttl: float | None = None) -> None:
        await self._redis.set(self._k(key), value, px=self._ms(ttl))

    async def set_if_absent(self, key: str, value: str, ttl: float | None = None) -> bool:
        return bool(await self._redis.set(self._k(key), value, px=self._ms(ttl), nx=True))

    async def delete(self, key: str) -> None:
        await self._redis.delete(self._k(key))

    async def incr(self, key: str, ttl: float) -> int:
        return int(await self._incr(keys=[self._k(key)], args=[max(1, int(ttl * 1000))]))

    async def compare_and_delete(self, key: str, value: str) -> bool:
        return bool(await self._cad(keys=[self._k(key)], args=[value]))

    async def rpush(self, key: str, value: str, ttl: float | None = None) -> int:
        k = self._k(key)
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.rpush(k, value)
            if ttl is not None:
                pipe.pexpire(k, max(1, int(ttl * 1000)))
            result = await pipe.execute()
        return int(result[0])

    async def lrange(self, key: str, start: int = 0, end: int = -1) -> list[str]:
        return [str(v) for v in await self._redis.lrange(self._k(key), start, end)]

    async def open_turn(
        self,
        *,
        claim: str,
        claim_value: str,
        claim_ttl: float,
        meta: str,
        meta_value: str,
        meta_ttl: float,
        lock: str,
        token: str,
        lock_ttl: float,
        rate: str,
        rate_ttl: float,
        reads: Sequence[str] = (),
    ) -> TurnOpened:
        keys = [self._k(k) for k in (claim, meta, lock_key(lock), rate, *reads)]
        args: list[str | int] = [
            claim_value,
            _px(claim_ttl),
            meta_value,
            _px(meta_ttl),
            token,
            _px(lock_ttl),
            _px(rate_ttl),
        ]
        out = await self._open_turn(keys=keys, args=args)
        if not int(out[0]):
            return TurnOpened(claimed=False)
        if not int(out[1]):
            return TurnOpened(claimed=True)
        return TurnOpened(True, True, int(out[2]), _values(out[3:], len(reads)))

    async def locked_reads(
        self, rate: str, rate_ttl: float, reads: Sequence[str]
    ) -> tuple[int, tuple[str | None, ...]]:
        keys = [self._k(k) for k in (rate, *reads)]
        out = await self._locked_reads(keys=keys, args=[_px(rate_ttl)])
        return int(out[0]), _values(out[1:], len(reads))

    async def end_turn(
        self,
        *,
        session: str,
        state: str,
        state_ttl: float | None,
        pending: str,
        lock: str,
        token: str,
        answer: str,
        replies: Sequence[str],
        answer_ttl: float | None,
    ) -> list[str]:
        keys = [self._k(k) for k in (session, pending, lock_key(lock), answer)]
        args: list[str | int] = [
            state,
            self._ms(state_ttl) or 0,
            token,
            self._ms(answer_ttl) or 0,
            *replies,
        ]
        out = await self._end_turn(keys=keys, args=args)
        return [str(v) for v in out]

    async def set_once_then(
        self, key: str, value: str, ttl: float, then: Sequence[tuple[str, str, float]] = ()
    ) -> str | None:
        keys = [self._k(key), *[self._k(k) for k, _, _ in then]]
        args: list[str | int] = [value, _px(ttl)]
        for _, v, t in then:
            args += [v, _px(t)]
        first = await self._set_once_then(keys=keys, args=args)
        return None if first is None else str(first)

    async def publish(self, channel: str, message: str) -> int:
        return int(await self._redis.publish(self._k(channel), message))

    async def subscribe(self, channel: str) -> AsyncIterator[str]:
        pubsub = self._redis.pubsub()
        await pubsub.subscribe(self._k(channel))
        try:
            async for item in pubsub.listen():
                if item.get("type") == "message":
                    yield str(item["data"])
        finally:
            await pubsub.unsubscribe()
            await pubsub.aclose()  # type: ignore[no-untyped-call]

    async def ping(self) -> bool:
        try:
            return bool(await self._redis.ping())
        except Exception:
            return False

    async def aclose(self) -> None:
        await self._redis.aclose()


def _px(ttl: float) -> int:
    """A script's expiry in milliseconds (at least 1)."""
    return max(1, int(ttl * 1000))


def _values(raw: Sequence[object], n: int) -> tuple[str | None, ...]:
    """A script's trailing GET results (Lua drops trailing nils: pad with ``None``)."""
    out = [None if v is None or v is False else str(v) for v in raw]
    return tuple(out + [None] * (n - len(out)))
