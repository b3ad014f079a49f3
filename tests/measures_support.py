"""Measures computed by hand in place of the registered ones, for checking their readers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from core import measures


@contextmanager
def stand_in(name: str, provider: measures.Provider | None) -> Iterator[None]:
    """Let ``provider`` answer for the measure ``name`` (None: no app provides it) while the block runs;
    afterwards whatever was registered before is registered again."""
    before = measures.registered_measure(name)
    if provider is None:
        measures.unregister_measure(name)
    else:
        measures.register_measure(name, provider, column=before.column if before else None)
    try:
        yield
    finally:
        measures.unregister_measure(name)
        if before is not None:
            measures.register_measure(before.name, before.provider, column=before.column)
