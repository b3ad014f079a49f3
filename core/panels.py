"""Panels an app adds to a page another app owns: the organization page, the workbench.

An organization's page belongs to the registry, yet its annual grades, brand designations and
service projects are recorded by assessment, which the registry must not import. Each app registers
its panels from its ``AppConfig.ready()``; the page asks for the panels of its name and includes
each one's template with the context the panel computed for the viewing user (``None``: nothing to
show to this user). A panel reads scoped data for that user, in a constant number of queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

PanelContext = Callable[[Any, Any], dict[str, Any] | None]


@dataclass(frozen=True)
class Panel:
    page: str  # "organization", "home"
    name: str
    template: str
    context: PanelContext  # (user, obj) -> the template's context, or None
    order: int = 100


@dataclass(frozen=True)
class ShownPanel:
    name: str
    template: str
    context: dict[str, Any]


_panels: dict[tuple[str, str], Panel] = {}


def register_panel(page: str, name: str, template: str, context: PanelContext, *, order: int = 100) -> None:
    _panels[page, name] = Panel(page, name, template, context, order)


def panels_of(page: str, *, user: Any, obj: Any = None) -> list[ShownPanel]:
    """The panels of a page the user has something to see in, in order."""
    shown = []
    for panel in sorted((p for p in _panels.values() if p.page == page), key=lambda p: (p.order, p.name)):
        context = panel.context(user, obj)
        if context is not None:
            shown.append(ShownPanel(panel.name, panel.template, context))
    return shown
