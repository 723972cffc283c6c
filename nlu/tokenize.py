"""Word segmentation with jieba plus the Heze user dictionary (places, units, terms)."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import jieba

from nlu.resources import CONFIG_DIR

_lock = threading.Lock()
_tokenizers: dict[Path, jieba.Tokenizer] = {}

jieba.setLogLevel(logging.WARNING)


def user_dict_path() -> Path:
    """The Heze user dictionary shipped in ``config/nlu/userdict.txt``."""
    return CONFIG_DIR / "userdict.txt"


def get_tokenizer(user_dict: Path | None = None) -> jieba.Tokenizer:
    """A jieba tokenizer with the user dictionary loaded (one per dictionary, cached)."""
    path = (user_dict or user_dict_path()).resolve()
    with _lock:
        tok = _tokenizers.get(path)
        if tok is None:
            tok = jieba.Tokenizer()
            tok.initialize()
            if path.exists():
                with path.open("rb") as handle:  # jieba leaves a path it opens unclosed
                    tok.load_userdict(handle)
            _tokenizers[path] = tok
        return tok


def tokens(text: str, user_dict: Path | None = None) -> list[str]:
    """Segment normalized ``text`` into words, dropping whitespace tokens."""
    if not text:
        return []
    return [w for w in get_tokenizer(user_dict).lcut(text, HMM=True) if w.strip()]
