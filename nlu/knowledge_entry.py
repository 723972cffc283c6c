"""A knowledge-base entry (第十八条) and how it is read from the YAML files of
``config/knowledge``: versions, source unit, effective and review dates, pictures."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from nlu.errors import KnowledgeError
from nlu.types import KnowledgeMedia

#: Objects a question is about, per file of the knowledge directory (see objects.yml):
#: no entries in it.
OBJECTS_FILE = "objects.yml"


@dataclass(frozen=True)
class KnowledgeEntry:
    """One knowledge-base entry at one version."""

    id: str
    domain: str
    title: str
    answer: str
    source_unit: str
    effective_date: date
    review_date: date
    questions: tuple[str, ...] = ()
    version: int = 1
    retired: bool = False
    keywords: tuple[str, ...] = field(default=())
    media: tuple[KnowledgeMedia, ...] = field(default=())

    def validate(self) -> None:
        """Raise KnowledgeError when a required field is missing or dates are inverted."""
        for name in ("id", "domain", "title", "answer", "source_unit"):
            if not str(getattr(self, name)).strip():
                raise KnowledgeError(f"entry {self.id or '?'}: {name} is required")
        if self.review_date < self.effective_date:
            raise KnowledgeError(f"entry {self.id}: review date before effective date")
        if self.version < 1:
            raise KnowledgeError(f"entry {self.id}: version must be >= 1")
        for m in self.media:
            if (m.file is None) == (m.url is None):
                raise KnowledgeError(f"entry {self.id}: a picture needs a file or a url")
            if m.url is not None and not m.url.startswith("https://"):
                raise KnowledgeError(f"entry {self.id}: a picture's url must be https")
            if m.file is not None and (m.file.startswith("/") or ".." in m.file):
                raise KnowledgeError(f"entry {self.id}: a picture's file must be relative")

    def head(self) -> str:
        """Title, questions and keywords: what the entry is about."""
        return " ".join((self.title, *self.questions, *self.keywords))

    def search_text(self) -> str:
        """The text retrieval indexes: title and questions weigh double."""
        head = self.head()
        return f"{head} {head} {self.answer}"


def _date(value: object, what: str, entry_id: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise KnowledgeError(f"entry {entry_id}: bad {what} {value!r}") from exc


def _texts(value: object) -> tuple[str, ...]:
    """A YAML list of texts (one bare text is a list of one); missing is empty."""
    if not value:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list | tuple):
        raise TypeError(f"expected a list, not {value!r}")
    return tuple(str(v) for v in value)


def _whole(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise TypeError(f"expected a whole number, not {value!r}")
    return int(value)


def entry_from_dict(
    data: Mapping[str, object], defaults: Mapping[str, object] | None = None
) -> KnowledgeEntry:
    """Build and validate an entry from YAML/JSON data (file-level ``defaults`` apply)."""
    merged = {**(defaults or {}), **data}
    entry_id = str(merged.get("id", "")).strip()
    try:
        entry = KnowledgeEntry(
            id=entry_id,
            domain=str(merged.get("domain", "")),
            title=str(merged.get("title", "")),
            answer=str(merged.get("answer", "")).strip(),
            source_unit=str(merged.get("source_unit", "")),
            effective_date=_date(merged.get("effective"), "effective date", entry_id),
            review_date=_date(merged.get("review"), "review date", entry_id),
            questions=_texts(merged.get("questions")),
            version=_whole(merged.get("version", 1)),
            retired=bool(merged.get("retired", False)),
            keywords=_texts(merged.get("keywords")),
            media=_media(merged.get("images") or ()),
        )
    except (TypeError, ValueError) as exc:
        raise KnowledgeError(f"entry {entry_id or '?'}: {exc}") from exc
    entry.validate()
    return entry


def _media(items: object) -> tuple[KnowledgeMedia, ...]:
    """``images: [{file|url, caption, mime}]`` of an entry."""
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list | tuple):
        raise ValueError(f"bad pictures {items!r}")
    out = []
    for item in items:
        if not isinstance(item, dict):
            raise ValueError(f"bad picture {item!r}")
        out.append(
            KnowledgeMedia(
                caption=str(item.get("caption", "")).strip(),
                mime=str(item.get("mime", "image/png")),
                file=str(item["file"]) if item.get("file") else None,
                url=str(item["url"]) if item.get("url") else None,
            )
        )
    return tuple(out)


def read_entries(directory: Path) -> Iterator[KnowledgeEntry]:
    """Every entry of every ``*.yml`` under ``directory`` (objects.yml aside), file by
    file; KnowledgeError names the bad file or entry, or a duplicate id."""
    seen: set[str] = set()
    for path in sorted(directory.glob("*.yml")):
        if path.name == OBJECTS_FILE:
            continue
        try:
            doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise KnowledgeError(f"{path}: {exc}") from exc
        defaults = {k: v for k, v in doc.items() if k != "entries"}
        for item in doc.get("entries") or ():
            entry = entry_from_dict(item, defaults)
            if entry.id in seen:
                raise KnowledgeError(f"{path}: duplicate entry id {entry.id}")
            seen.add(entry.id)
            yield entry
