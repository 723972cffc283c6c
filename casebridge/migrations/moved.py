"""The body of a revision whose tables moved to another room's tree: nothing to do.

Databases migrated before the rooms were split stand at a revision of the one chain, so
each revision stays in the chain; the tables it made are migrated (and adopted where
they exist) by the room that owns them now.
"""

from __future__ import annotations


def upgrade() -> None:
    """Nothing: the tables are another room's."""


def downgrade() -> None:
    """Nothing: the tables are another room's."""
