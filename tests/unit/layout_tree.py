"""Structural lookups in a built Dash layout: a component by id, and all of a tree's text."""

from __future__ import annotations


def text(component) -> str:
    """All text in a component tree (strings, children), for structural assertions."""
    if component is None:
        return ""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return " ".join(text(c) for c in component)
    return text(getattr(component, "children", None))


def find(component, component_id):
    """The first component with ``component_id`` anywhere in the tree, or None."""
    if isinstance(component, list | tuple):
        return next((f for c in component if (f := find(c, component_id)) is not None), None)
    if getattr(component, "id", None) == component_id:
        return component
    children = getattr(component, "children", None)
    return find(children, component_id) if children is not None else None
