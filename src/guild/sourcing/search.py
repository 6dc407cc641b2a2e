"""Search text normalisation shared by the index (services) and the queries (selectors)."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z+#.]+")


def normalise(text: str) -> str:
    """Lower case, accents removed, punctuation turned into spaces (``C#``/``.NET`` kept)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return " ".join(token.strip(".") for token in _NON_WORD.split(plain) if token.strip("."))


def tokens(query: str, limit: int = 8) -> list[str]:
    return [t for t in normalise(query).split() if len(t) >= 2][:limit]
