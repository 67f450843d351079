"""Figures and tables of the promoter analytics page (pure: frames in, components out)."""

from __future__ import annotations

from itertools import groupby
from operator import itemgetter

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from components.figures import ACCENT, dates, empty_figure, themed
from data.privacy import K_ANONYMITY as K_MIN
from data.ranking.bands import BAND_LABELS

KPI_LABELS = {
    "impressions": ("Impressions", "times your events were shown in a list"),
    "views": ("Views", "event pages opened"),
    "unique_viewers": ("Unique viewers", "different people who opened an event page"),
    "saves": ("Saves", "times saved to a listener's list"),
    "ticket_clicks": ("Ticket clicks", "clicks through to the ticket link"),
    "ctr": ("Click-through rate", "ticket clicks per view"),
    "save_rate": ("Save rate", "saves per view"),
}
STEP_LABELS = {"impression": "Impressions", "view": "Views", "save": "Saves"}
STEP_LABELS["ticket_click"] = "Ticket clicks"
RATES = ("ctr", "save_rate")
# Legend left-aligned between the title and the plot (a right-aligned one ran into the title on
# a phone); the figures that use it leave TOP_ROOM above the plot for both.
TOP_LEGEND = {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "xanchor": "left"}
TOP_ROOM = {"l": 48, "r": 12, "t": 96, "b": 40}


def _pin_title(figure: dict) -> dict:
    """The title pinned to the figure's top edge, so a wrapped legend under it never covers it."""
    figure["layout"]["title"] |= {"yref": "container", "y": 1, "yanchor": "top", "pad": {"t": 12}}
    return figure


NO_DATA = "No interactions with these events in this period yet."
SERIES_LINES = 8  # events drawn on the daily chart beside the overall line
THIN = {"width": 1.5}


def _fmt(name: str, value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "—"
    return f"{value:.1%}" if name in RATES else f"{int(value):,}"


def _change(value) -> html.Span:
    if value is None or pd.isna(value):
        return html.Span("no previous data", className="text-body-secondary")
    arrow, colour = ("▲", "text-success") if value >= 0 else ("▼", "text-danger")
    return html.Span(f"{arrow} {abs(value):.0%} vs previous period", className=colour)


def kpi_cards(frame: pd.DataFrame) -> dbc.Row:
    """One card per KPI: value, its change against the previous period, what it counts."""
    cards = []
    for row in frame.itertuples():
        label, hint = KPI_LABELS[row.kpi]
        body = [
            html.Div(label, className="small text-body-secondary"),
            html.Div(_fmt(row.kpi, row.value), className="fs-4 fw-semibold"),
            html.Div(_change(row.change), className="small"),
            html.Div(hint, className="small text-body-secondary"),
        ]
        cards.append(dbc.Col(dbc.Card(dbc.CardBody(body), className="h-100"), xs=6, md=3, xl=True))
    return dbc.Row(cards, className="g-2 mb-3")


def series_figure(overall: list[tuple], lines: list[tuple], kind: str, theme) -> dict:
    """Daily counts of one kind: the overall total, then a line per event it is given.

    ``overall`` is (day, count) rows; ``lines`` (event_id, title, day, count) rows with each
    event's days together (``data.queries.promoter_analytics.series`` picks the SERIES_LINES
    busiest events).
    """
    label = STEP_LABELS.get(kind, kind)
    title = f"{label} per day<br><sup>per event and overall (UTC days)</sup>"
    if not lines:
        return empty_figure(NO_DATA, theme, title, 340)
    total = {"color": ACCENT, "width": 3}
    days, counts = [r[0] for r in overall], [r[1] for r in overall]
    data = [_trace("All selected events", days, counts, label, "all", total)]
    for _event_id, rows in groupby(lines, key=itemgetter(0)):
        rows = list(rows)
        name = str(rows[0][1])[:40]
        days, counts = [r[2] for r in rows], [r[3] for r in rows]
        data.append(_trace(name, days, counts, label, name, THIN))
    # Taller than its neighbours: on a phone the nine-line legend takes a row per line.
    return themed(data, theme, title, 480, yaxis={"title": {"text": label.lower()}})


def _trace(name: str, days, counts, label: str, tag: str, line: dict) -> dict:
    return {
        "type": "scatter",
        "mode": "lines",
        "name": name,
        "x": dates(days),
        "y": counts,
        "line": dict(line),
        "hovertemplate": f"%{{x|%a %d %b}}: %{{y:,}} {label.lower()}<extra>{tag}</extra>",
    }


def funnel_figure(frame: pd.DataFrame, theme) -> dict:
    """Impressions → views → saves → ticket clicks, with the conversion from the step before."""
    title = "Funnel<br><sup>conversion from the step before</sup>"
    if frame["count"].sum() == 0:
        return empty_figure(NO_DATA, theme, title, 340)
    text = [
        f"{c:,}" + ("" if pd.isna(r) or r is None else f" ({r:.1%})")
        for c, r in zip(frame["count"], frame["conversion"], strict=True)
    ]
    trace = {
        "type": "funnel",
        "y": [STEP_LABELS[s] for s in frame["step"]],
        "x": frame["count"].tolist(),
        "text": text,
        "textinfo": "text",
        # Inside a wide step, beside a narrow one (plotly's "auto" dropped a label it could
        # not fit either way); never clipped by the plot area.
        "textposition": [
            "inside" if c >= 0.4 * frame["count"].max() else "outside" for c in frame["count"]
        ],
        "marker": {"color": ACCENT},
        "cliponaxis": False,
        "hovertemplate": "%{y}: %{text}<extra></extra>",
    }
    return themed([trace], theme, title, 340, margin={"l": 110, "r": 84, "t": 56, "b": 24})


def targeting_figure(frame: pd.DataFrame, theme) -> dict:
    """Save rate by match band for each group (these events, your others, the city)."""
    title = "Save rate by match band<br><sup>saves per view; listeners' taste match</sup>"
    if frame["views"].sum() == 0:
        return empty_figure(NO_DATA, theme, title, 340)
    data = [
        {
            "type": "bar",
            "name": group,
            "x": [BAND_LABELS[b] for b in part["band"]],
            "y": part["save_rate"].fillna(0).round(4).tolist(),
            "customdata": part["views"].tolist(),
            "hovertemplate": "%{x}: %{y:.1%} of %{customdata:,} views<extra>" + group + "</extra>",
        }
        for group, part in frame.groupby("group", sort=False)
    ]
    figure = themed(
        data,
        theme,
        title,
        340,
        barmode="group",
        legend=TOP_LEGEND,
        margin=TOP_ROOM,
        yaxis={"title": {"text": "save rate"}, "tickformat": ".0%"},
        xaxis={"title": {"text": "match band"}},
    )
    return _pin_title(figure)


def _pct(value) -> str:
    return "—" if value is None or pd.isna(value) else f"{value:.1%}"


def table(header: list[str], rows: list[list], empty: str) -> html.Div:
    """A small striped table, or the sentence saying why it is empty."""
    if not rows:
        return html.P(empty, className="empty-state")
    head = html.Thead(html.Tr([html.Th(h, scope="col") for h in header]))
    body = html.Tbody([html.Tr([html.Td(c) for c in row]) for row in rows])
    return html.Div(
        dbc.Table([head, body], size="sm", striped=True, className="small mb-0"),
        className="table-responsive",
    )


def targeting_table(frame: pd.DataFrame) -> html.Div:
    """Per group and band: share of impressions, save rate and click rate."""
    rows = [
        [r.group, BAND_LABELS[r.band], f"{r.impressions:,}", _pct(r.impression_share)]
        for r in frame.itertuples()
        if r.impressions or r.views
    ]
    rates = [
        [_pct(r.save_rate), _pct(r.click_rate)]
        for r in frame.itertuples()
        if r.impressions or r.views
    ]
    rows = [[*left, *right] for left, right in zip(rows, rates, strict=True)]
    header = ["Events", "Match band", "Impressions", "Share", "Save rate", "Click rate"]
    return table(header, rows, NO_DATA)


def _people(value) -> str:
    return f"fewer than {K_MIN}" if value is None or pd.isna(value) else f"{int(value):,}"


def geography_table(frame: pd.DataFrame) -> html.Div:
    """Viewers' and savers' home cities; fewer than K_MIN people are never shown alone."""
    rows = [
        [r.city, _people(r.people), f"{int(r.views):,}", f"{int(r.saves):,}"]
        for r in frame.itertuples()
    ]
    note = html.P(
        f"A city is named only when at least {K_MIN} different people there viewed or saved; "
        "the others, and people without a home city, are counted together.",
        className="small text-body-secondary mt-2",
    )
    header = ["Home city", "People", "Views", "Saves"]
    return html.Div([table(header, rows, NO_DATA), note])


def sources_figure(frame: pd.DataFrame, theme) -> dict:
    """Views by the page or list they came from."""
    title = "Where views came from<br><sup>page or list that led to the event page</sup>"
    if frame.empty:
        return empty_figure(NO_DATA, theme, title, 300)
    trace = {
        "type": "bar",
        "orientation": "h",
        "y": frame["source"].tolist()[::-1],
        "x": frame["views"].tolist()[::-1],
        "customdata": frame["share"].tolist()[::-1],
        "marker": {"color": ACCENT},
        "hovertemplate": "%{y}: %{x:,} views (%{customdata:.0%})<extra></extra>",
    }
    return themed([trace], theme, title, 320, xaxis={"title": {"text": "views"}})


def compare_figure(frame: pd.DataFrame, theme) -> dict:
    """Views, saves and ticket clicks side by side per event (impressions in the hover)."""
    title = "Compare events<br><sup>views, saves and ticket clicks in the period</sup>"
    if frame.empty:
        return empty_figure(NO_DATA, theme, title, 360)
    names = [f"{t[:28]} (#{i})" for t, i in zip(frame["title"], frame["event_id"], strict=True)]
    data = [
        {
            "type": "bar",
            "name": label,
            "x": names,
            "y": frame[column].tolist(),
            "customdata": frame["impressions"].tolist(),
            "hovertemplate": "%{x}: %{y:,} "
            + label.lower()
            + " of %{customdata:,} impressions<extra></extra>",
        }
        for column, label in (("views", "Views"), ("saves", "Saves"), ("ticket_clicks", "Clicks"))
    ]
    figure = themed(
        data,
        theme,
        title,
        380,
        barmode="group",
        legend=TOP_LEGEND,
        margin=TOP_ROOM,
        yaxis={"title": {"text": "count"}},
        xaxis={"tickangle": -35},
    )
    return _pin_title(figure)
