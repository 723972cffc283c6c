"""Units and their API keys: synced from the catalogue, authenticated by key hash."""

from __future__ import annotations

import hmac

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from casebridge.cases.core import CaseCore
from casebridge.cases.types import UnitIdentity
from casebridge.errors import NotFound
from casebridge.keys import hash_key, random_unit_key
from casebridge.models import Unit


class Units(CaseCore):
    """Unit records and keys (config/data/units.yaml is the source)."""

    async def prepare(self, secret_key: str | None = None) -> None:
        """Once per process: adopt the secret key and sync units (with demo key hashes)."""
        if self._ready:
            return
        async with self._ready_lock:
            if self._ready:
                return
            if secret_key and not self.secret_key:
                self.secret_key = secret_key
            await self.sync_units()
            self._ready = True

    async def sync_units(self) -> int:
        """Upsert the units of the catalogue into the database; returns how many exist."""

        async def work(s: AsyncSession) -> int:
            return await self._sync(s)

        n = await self._run(work)
        self._by_code, self._by_id = {}, {}
        return n

    async def authenticate_unit(self, key: str) -> UnitIdentity | None:
        """The active unit whose API key is ``key``."""
        if not key or len(key) > 200:
            return None
        async with self.readers() as s:
            u = (
                await s.execute(select(Unit).where(Unit.api_key_hash == hash_key(key)))
            ).scalar_one_or_none()
        if (
            u is None
            or not u.active
            or not hmac.compare_digest(u.api_key_hash or "", hash_key(key))
        ):
            return None
        return UnitIdentity(u.id, u.code, u.name, u.kind)

    async def rotate_unit_key(self, code: str) -> str:
        """Replace a unit's key with a random one; returns it (shown once)."""
        key = random_unit_key()

        async def work(s: AsyncSession) -> None:
            u = (await s.execute(select(Unit).where(Unit.code == code))).scalar_one_or_none()
            if u is None:
                raise NotFound(f"未知的承办单位代码：{code}")
            u.api_key_hash, u.key_rotated = hash_key(key), True

        await self._run(work)
        return key
