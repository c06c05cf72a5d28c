"""Site facts (places and phone numbers for help), read from site/facts.toml."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..languages import SOURCE


@dataclass
class Entry:
    id: str
    kind: str
    name: str
    values: dict
    text: dict
    unconfirmed: list[str] = field(default_factory=list)

    def get(self, key: str) -> str:
        """A value citizens may see: empty when it is missing or still to be confirmed."""
        if key in self.unconfirmed:
            return ""
        return str(self.values.get(key, "") or "")

    def text_in(self, lang: str) -> str:
        return self.text.get(lang) or self.text.get(SOURCE, "")


@dataclass
class SiteFacts:
    places: list[Entry]
    phones: list[Entry]

    def to_confirm(self) -> list[tuple[str, str, str]]:
        """(entry name, field, value on file) for every value staff still have to confirm."""
        return [(e.name, key, str(e.values.get(key, "") or "—"))
                for e in self.places + self.phones for key in e.unconfirmed]


def _entries(raw: list, kind: str) -> list[Entry]:
    entries = []
    for item in raw:
        item = dict(item)
        entries.append(Entry(id=item.pop("id", ""), kind=item.pop("kind", kind), name=item.pop("name", ""),
                             text=item.pop("text", {}), unconfirmed=item.pop("unconfirmed", []), values=item))
    return entries


def load(path: str | Path) -> SiteFacts:
    data = tomllib.loads(Path(path).read_text(encoding="utf-8")) if Path(path).exists() else {}
    return SiteFacts(places=_entries(data.get("places", []), "place"),
                     phones=_entries(data.get("phones", []), "phone"))
