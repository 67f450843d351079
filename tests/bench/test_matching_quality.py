"""Precision and recall of the cross-source merge decision on a labelled set of event pairs.

Each pair is two records of the same or of different shows, rendered as two different
providers would send them (tests/feeds_payloads.py), and run through the real pipeline:
adapter normalisation -> venue/artist resolution -> event matching -> upsert. Pairs sit on
their own dates so they cannot interact.
Run: .venv/bin/pytest tests/bench/test_matching_quality.py -s
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from data.db import make_engine
from data.feeds import ADAPTERS
from data.models import Base, EventSource
from data.services.feed_runs import ingest_events
from tests import feeds_payloads as fp

V = fp.Venue
VENUES = [
    V("Columbiahalle", 52.48356, 13.38862, "Berlin", "DE", "Germany", "Europe/Berlin"),
    V("Astra Kulturhaus", 52.50713, 13.45380, "Berlin", "DE", "Germany", "Europe/Berlin"),
    V("Huxleys Neue Welt", 52.48608, 13.42103, "Berlin", "DE", "Germany", "Europe/Berlin"),
    V("O2 Academy Brixton", 51.46521, -0.11502, "London", "GB", "United Kingdom", "Europe/London"),
    V("Roundhouse", 51.54335, -0.15188, "London", "GB", "United Kingdom", "Europe/London"),
    V(
        "Brooklyn Steel",
        40.71928,
        -73.93853,
        "New York City",
        "US",
        "United States",
        "America/New_York",
    ),
    V(
        "Webster Hall",
        40.73177,
        -73.98916,
        "New York City",
        "US",
        "United States",
        "America/New_York",
    ),
    V("La Cigale", 48.88236, 2.34047, "Paris", "FR", "France", "Europe/Paris"),
    V("Paradiso", 52.36223, 4.88391, "Amsterdam", "NL", "The Netherlands", "Europe/Amsterdam"),
    V("Razzmatazz", 41.39770, 2.19110, "Barcelona", "ES", "Spain", "Europe/Madrid"),
    V("Metro", 41.94979, -87.65873, "Chicago", "US", "United States", "America/Chicago"),
    V(
        "Forum Melbourne",
        -37.81646,
        144.96918,
        "Melbourne",
        "AU",
        "Australia",
        "Australia/Melbourne",
    ),
]
# (old name, new name) of venues that were renamed; feeds lag behind.
RENAMED = [
    (
        V("Mercedes-Benz Arena", 52.50694, 13.44333, "Berlin", "DE", "Germany", "Europe/Berlin"),
        V("Uber Arena", 52.50701, 13.44340, "Berlin", "DE", "Germany", "Europe/Berlin"),
    ),
    (
        V("Brixton Academy", 51.46521, -0.11502, "London", "GB", "United Kingdom", "Europe/London"),
        V(
            "O2 Academy Brixton",
            51.46519,
            -0.11498,
            "London",
            "GB",
            "United Kingdom",
            "Europe/London",
        ),
    ),
    (
        V(
            "Terminal 5",
            40.76946,
            -73.99294,
            "New York City",
            "US",
            "United States",
            "America/New_York",
        ),
        V(
            "Terminal 5 NYC",
            40.76950,
            -73.99290,
            "New York City",
            "US",
            "United States",
            "America/New_York",
        ),
    ),
]
# Two rooms of one building: same coordinates, different names, different programmes.
ROOMS = [
    (
        V("Berghain", 52.51100, 13.44300, "Berlin", "DE", "Germany", "Europe/Berlin"),
        V("Panorama Bar", 52.51100, 13.44300, "Berlin", "DE", "Germany", "Europe/Berlin"),
    ),
    (
        V("Le Bataclan", 48.86300, 2.37100, "Paris", "FR", "France", "Europe/Paris"),
        V("Le Bataclan Café", 48.86300, 2.37100, "Paris", "FR", "France", "Europe/Paris"),
    ),
]
ARTISTS = [
    "Khruangbin",
    "Men I Trust",
    "Arlo Parks",
    "Floating Points",
    "Beyoncé",
    "The National",
    "Bonobo",
    "Four Tet",
    "Caribou",
    "Fontaines D.C.",
    "IDLES",
    "Little Simz",
    "Kokoroko",
    "Nala Sinephro",
    "Phoebe Bridgers",
    "Boygenius",
    "Wet Leg",
    "Black Country, New Road",
    "Sigur Rós",
    "Björk",
    "Röyksopp",
    "Nils Frahm",
    "Moderat",
    "Ólafur Arnalds",
    "Jungle",
    "Parcels",
    "L'Impératrice",
    "Christine and the Queens",
    "Kae Tempest",
    "Sampha",
    "Yussef Dayes",
    "Ezra Collective",
    "Overmono",
    "Bicep",
    "Jamie xx",
    "The xx",
    "Phoenix",
    "Alt-J",
    "Mitski",
    "Japanese Breakfast",
    "Snail Mail",
    "Big Thief",
]
SUPPORT = ["Nilüfer Yanya", "Porridge Radio", "Squid", "Dry Cleaning", "Shame", "Goat Girl"]
SOURCES = ["ticketmaster", "songkick", "bandsintown", "seatgeek", "jambase"]


@dataclass
class Pair:
    kind: str
    a: fp.Show
    source_a: str
    b: fp.Show
    source_b: str
    same: bool


def _spotify(name: str) -> str:
    return ("sp" + "".join(c for c in name.lower() if c.isalnum()) + "x" * 22)[:22]


def _show(rng, key, name, venue, day, at, support=True, **extra) -> fp.Show:
    artists = [(name, _spotify(name) if rng.random() < 0.5 else None, None)]
    if support and rng.random() < 0.7:
        artists.append((rng.choice(SUPPORT), None, None))
    return fp.Show(key, artists, venue, day, at, **extra)


def _jitter(rng, venue: fp.Venue, metres: float) -> fp.Venue:
    d = metres / 111_000
    return fp.Venue(
        venue.name,
        venue.lat + rng.uniform(-d, d),
        venue.lng + rng.uniform(-d, d),
        venue.city,
        venue.country,
        venue.country_name,
        venue.tz,
        venue.ids,
    )


def build_pairs(seed: int = 7) -> list[Pair]:
    rng = random.Random(seed)
    pairs: list[Pair] = []
    start = date(2027, 1, 4)

    def day(i: int) -> date:
        return start + timedelta(days=3 * i)

    def two_sources():
        return rng.sample(SOURCES, 2)

    def add(kind, a, b, same, sources=None):
        sa, sb = sources or two_sources()
        pairs.append(Pair(kind, a, sa, b, sb, same))

    for _i in range(30):  # identical show, two feeds
        n, v, t = (
            rng.choice(ARTISTS),
            rng.choice(VENUES),
            time(rng.choice([19, 20, 21]), rng.choice([0, 30])),
        )
        a = _show(rng, f"p{len(pairs)}", n, v, day(len(pairs)), t)
        add("same show", a, fp.Show(a.key, list(a.artists), _jitter(rng, v, 60), a.day, a.at), True)
    for _i in range(15):  # doors vs show time
        n, v = rng.choice(ARTISTS), rng.choice(VENUES)
        a = _show(rng, f"p{len(pairs)}", n, v, day(len(pairs)), time(19, 0))
        add("doors vs show time", a, fp.Show(a.key, a.artists, v, a.day, time(20, 0)), True)
    for _i in range(15):  # one feed has no time
        n, v = rng.choice(ARTISTS), rng.choice(VENUES)
        a = _show(rng, f"p{len(pairs)}", n, v, day(len(pairs)), time(20, 0))
        add(
            "time unknown on one side",
            a,
            fp.Show(a.key, a.artists, v, a.day, None),
            True,
            [rng.choice(["ticketmaster", "songkick"]), rng.choice(["jambase", "seatgeek"])],
        )
    for _i in range(15):  # support act missing, title with tour name or support
        n, v = rng.choice(ARTISTS), rng.choice(VENUES)
        a = fp.Show(
            f"p{len(pairs)}",
            [(n, None, None), (rng.choice(SUPPORT), None, None)],
            v,
            day(len(pairs)),
            time(20, 0),
        )
        title = rng.choice(
            [
                f"{n} - World Tour 2027",
                f"{n.upper()}",
                f"{n} with {a.artists[1][0]}",
                f"{n}: Live in {v.city}",
            ]
        )
        add(
            "title/lineup variant",
            a,
            fp.Show(a.key, a.artists[:1], v, a.day, time(20, 0), title=title),
            True,
        )
    for _i in range(10):  # spelling variants of the artist
        n = rng.choice(
            [
                "Beyoncé",
                "Sigur Rós",
                "Björk",
                "Röyksopp",
                "The National",
                "Ólafur Arnalds",
                "L'Impératrice",
                "Fontaines D.C.",
            ]
        )
        variant = {
            "Beyoncé": "Beyonce",
            "Sigur Rós": "Sigur Ros",
            "Björk": "Bjork",
            "Röyksopp": "Royksopp",
            "The National": "National",
            "Ólafur Arnalds": "Olafur Arnalds",
            "L'Impératrice": "L Imperatrice",
            "Fontaines D.C.": "Fontaines DC",
        }[n]
        v = rng.choice(VENUES)
        a = fp.Show(f"p{len(pairs)}", [(n, None, None)], v, day(len(pairs)), time(20, 0))
        add(
            "artist spelling",
            a,
            fp.Show(a.key, [(variant, None, None)], v, a.day, time(20, 0)),
            True,
        )
    for _i in range(12):  # renamed venue, the old name in one feed
        old, new = rng.choice(RENAMED)
        n = rng.choice(ARTISTS)
        a = _show(rng, f"p{len(pairs)}", n, old, day(len(pairs)), time(20, 0), support=False)
        add("renamed venue", a, fp.Show(a.key, a.artists, new, a.day, time(20, 0)), True)
    for _i in range(8):  # doors 90 minutes before the show in one feed
        n, v = rng.choice(ARTISTS), rng.choice(VENUES)
        a = _show(rng, f"p{len(pairs)}", n, v, day(len(pairs)), time(18, 30))
        add("doors 90 min earlier", a, fp.Show(a.key, a.artists, v, a.day, time(20, 0)), True)
    for _i in range(10):  # a title-only feed (Eventbrite/iCal style) vs a feed with a lineup
        n, v = rng.choice(ARTISTS), rng.choice(VENUES)
        a = _show(rng, f"p{len(pairs)}", n, v, day(len(pairs)), time(20, 0))
        title = rng.choice([f"{n} live", f"Jazz im Hinterhof: {n}", f"{n} + {SUPPORT[0]}", n])
        b = fp.Show(a.key, a.artists, v, a.day, time(20, 0), title=title)
        add("title-only feed", a, b, True, [rng.choice(["ticketmaster", "songkick"]), "eventbrite"])
    for _i in range(8):  # one feed geocodes the venue 400 m off
        n, v = rng.choice(ARTISTS), rng.choice(VENUES)
        a = _show(rng, f"p{len(pairs)}", n, v, day(len(pairs)), time(20, 0))
        off = fp.Venue(v.name, v.lat + 0.0036, v.lng, v.city, v.country, v.country_name, v.tz)
        add("venue geocoded 400 m off", a, fp.Show(a.key, a.artists, off, a.day, time(20, 0)), True)
    for _i in range(8):  # co-headliners billed in the other order
        n1, n2 = rng.sample(ARTISTS, 2)
        v = rng.choice(VENUES)
        a = fp.Show(
            f"p{len(pairs)}", [(n1, None, None), (n2, None, None)], v, day(len(pairs)), time(20)
        )
        b = fp.Show(
            a.key, [(n2, None, None), (n1, None, None)], v, a.day, time(20), title=f"{n2} & {n1}"
        )
        add("co-headliners swapped", a, b, True)
    for _i in range(8):  # cancelled on both, different wording
        n, v = rng.choice(ARTISTS), rng.choice(VENUES)
        a = _show(rng, f"p{len(pairs)}", n, v, day(len(pairs)), time(20, 0), status="cancelled")
        add(
            "cancelled on both",
            a,
            fp.Show(a.key, a.artists, v, a.day, time(20, 0), status="cancelled"),
            True,
        )

    # --- hard non-duplicates ---------------------------------------------------------------
    for _i in range(16):  # early and late show, same artist, same venue, same day
        n, v = rng.choice(ARTISTS), rng.choice(VENUES)
        a = _show(rng, f"p{len(pairs)}", n, v, day(len(pairs)), time(rng.choice([17, 18]), 0))
        b = fp.Show(a.key, a.artists, v, a.day, time(rng.choice([21, 22]), 0))
        add("early vs late show", a, b, False)
    for _i in range(10):  # early and late show only two hours apart
        n, v = rng.choice(ARTISTS), rng.choice(VENUES)
        a = _show(rng, f"p{len(pairs)}", n, v, day(len(pairs)), time(19, 0))
        add("shows 2 h apart", a, fp.Show(a.key, a.artists, v, a.day, time(21, 0)), False)
    for _i in range(16):  # same tour, next night
        n, v = rng.choice(ARTISTS), rng.choice(VENUES)
        a = _show(rng, f"p{len(pairs)}", n, v, day(len(pairs)), time(20, 0))
        add(
            "next night",
            a,
            fp.Show(a.key, a.artists, v, a.day + timedelta(days=1), time(20, 0)),
            False,
        )
    for _i in range(16):  # concert vs DJ set / after-party
        n, v = rng.choice(ARTISTS), rng.choice(VENUES)
        a = _show(rng, f"p{len(pairs)}", n, v, day(len(pairs)), time(20, 0), support=False)
        label = rng.choice(["(DJ set)", "(DJ Set)", "- DJ Set", "(Afterparty)"])
        b = fp.Show(
            a.key,
            [(f"{n} {label}", None, None)],
            v,
            a.day,
            time(rng.choice([20, 21]), 30),
            title=f"{n} {label}",
        )
        add("artist vs DJ set", a, b, False)
    for _i in range(12):  # two rooms of one building, different acts, same time
        room_a, room_b = rng.choice(ROOMS)
        n1, n2 = rng.sample(ARTISTS, 2)
        a = _show(rng, f"p{len(pairs)}", n1, room_a, day(len(pairs)), time(23, 0), support=False)
        b = _show(rng, f"p{len(pairs)}", n2, room_b, a.day, time(23, 0), support=False)
        add("two rooms, two acts", a, b, False)
    for _i in range(12):  # same venue, same day, same time, different artists (all-dayer rooms)
        v = rng.choice(VENUES)
        n1, n2 = rng.sample(ARTISTS, 2)
        a = _show(rng, f"p{len(pairs)}", n1, v, day(len(pairs)), time(20, 0), support=False)
        add(
            "same slot, other act",
            a,
            _show(rng, a.key, n2, v, a.day, time(20, 0), support=False),
            False,
        )
    for _i in range(8):  # similar names, same venue and day
        n1, n2 = rng.choice(
            [
                ("Phoenix", "Phoenix Foundation"),
                ("The xx", "Jamie xx"),
                ("Big Thief", "Big Thief Tribute Night"),
                ("Bonobo", "Bonobo Live Band Karaoke"),
            ]
        )
        v = rng.choice(VENUES)
        a = fp.Show(f"p{len(pairs)}", [(n1, None, None)], v, day(len(pairs)), time(19, 0))
        add("similar names", a, fp.Show(a.key, [(n2, None, None)], v, a.day, time(20, 0)), False)
    for _i in range(8):  # same artist, same day, another venue 400 m away (in-store)
        n, v = rng.choice(ARTISTS), rng.choice(VENUES)
        shop = fp.Venue(
            "Rough Trade", v.lat + 0.0036, v.lng, v.city, v.country, v.country_name, v.tz
        )
        a = _show(rng, f"p{len(pairs)}", n, v, day(len(pairs)), time(20, 0), support=False)
        add("in-store nearby", a, fp.Show(a.key, a.artists, shop, a.day, time(19, 0)), False)
    for _i in range(8):  # two title-only events in one slot (rooms of a club night)
        v = rng.choice(VENUES)
        t1, t2 = rng.sample(
            [
                "Open Mic Night",
                "Jazz Jam Session",
                "Poetry Slam",
                "Salsa Social",
                "Record Fair",
                "Quiz Night",
            ],
            2,
        )
        a = fp.Show(f"p{len(pairs)}", [], v, day(len(pairs)), time(20, 0), title=t1)
        add(
            "title-only, other event",
            a,
            fp.Show(a.key, [], v, a.day, time(20, 0), title=t2),
            False,
            ["eventbrite", "ticketmaster"],
        )
    for _i in range(8):  # early show with a time vs late show whose time one feed lacks
        n, v = rng.choice(ARTISTS), rng.choice(VENUES)
        a = _show(rng, f"p{len(pairs)}", n, v, day(len(pairs)), time(17, 0))
        b = fp.Show(a.key, a.artists, v, a.day, None, title=f"{n} (late show)")
        add("late show, time unknown", a, b, False, ["ticketmaster", "jambase"])
    return pairs


def evaluate(pairs: list[Pair], url: str) -> tuple[Counter, Counter]:
    engine = make_engine(url)
    Base.metadata.create_all(engine)
    session = sessionmaker(engine, expire_on_commit=False)()
    ids = {}
    for phase in ("a", "b"):
        by_source: dict[str, list] = {}
        for i, pair in enumerate(pairs):
            source = pair.source_a if phase == "a" else pair.source_b
            show = pair.a if phase == "a" else pair.b
            by_source.setdefault(source, []).append(
                (i, fp.RENDER[source](show, i * 2 + (phase == "b")))
            )
        for source, items in by_source.items():
            page = ADAPTERS[source](None).parse_payload(
                fp.wrap(source, [item for _, item in items])
            )
            assert not page.failures, page.failures
            ingest_events(session, source, page.events)
            for (i, _), event in zip(items, page.events, strict=True):
                ids[(phase, i)] = (source, event.source_id)
    session.commit()
    event_of = {
        (s, sid): eid
        for s, sid, eid in session.execute(
            select(EventSource.source, EventSource.source_id, EventSource.event_id)
        )
    }
    outcome, errors = Counter(), Counter()
    for i, pair in enumerate(pairs):
        merged = event_of[ids[("a", i)]] == event_of[ids[("b", i)]]
        outcome[(pair.same, merged)] += 1
        if merged != pair.same:
            errors[pair.kind] += 1
    session.close()
    engine.dispose()
    return outcome, errors


def test_matching_quality(tmp_path):
    pairs = build_pairs()
    outcome, errors = evaluate(pairs, f"sqlite:///{tmp_path / 'quality.db'}")
    tp, fp_, fn = outcome[(True, True)], outcome[(False, True)], outcome[(True, False)]
    precision = tp / (tp + fp_) if tp + fp_ else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    kinds = Counter((p.kind, p.same) for p in pairs)
    print(f"\n{'pair kind':<28}{'label':>8}{'pairs':>7}{'wrong':>7}")
    for (kind, same), n in kinds.items():
        print(f"{kind:<28}{'dup' if same else 'distinct':>8}{n:>7}{errors[kind]:>7}")
    print(
        f"\npairs {len(pairs)}  true merges {tp}  false merges {fp_}  missed merges {fn}  "
        f"correct non-merges {outcome[(False, False)]}"
    )
    print(f"precision {precision:.3f}  recall {recall:.3f}  (targets 0.99 / 0.95)")
    assert len(pairs) >= 150
    assert precision >= 0.99 and recall >= 0.95
