"""The dashboard's figures: content health, feedback and usage (plain functions over the library and db)."""
from __future__ import annotations


def overview(db) -> dict:
    return {}
