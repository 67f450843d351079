"""Artist and album images from our own ``/artwork`` route, loaded only when scrolled into view."""

from __future__ import annotations

from dash import html


def artwork_src(kind: str, item_id: int) -> str:
    """The app's own URL of an artist's or album's image (a placeholder until it is kept)."""
    return f"/artwork/{kind}/{int(item_id)}"


def artwork_img(kind: str, item_id: int, size: int, class_name: str = "rounded") -> html.Img:
    """A lazily loaded image: ``assets/lazyimages.js`` moves ``data-src`` into ``src`` when the
    image nears the viewport (Dash's Img has no ``loading`` attribute)."""
    return html.Img(
        alt="",
        width=size,
        height=size,
        className=f"{class_name} rw-lazy",
        style={"objectFit": "cover"},
        **{"data-src": artwork_src(kind, item_id)},
    )
