"""Readable names for Spotify's platform strings ("web_player windows 10;chrome 87", "iOS 17.2
(iPhone15,2)", "Partner android_tv Sony") as the export records them."""

from __future__ import annotations

# First match wins, so the specific patterns (a web player on Windows, an Android TV) come
# before the general ones (Windows, Android).
_RULES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("web_player", "webplayer", "web player"), "Web player"),
    (("android_auto", "carplay", "car_thing", "car thing"), "Car"),
    (("android_tv", "smart_tv", "smart tv", "tizen", "webos", "roku", "_tv", " tv"), "TV"),
    (("chromecast", "cast_to", "google_cast", "cast"), "Cast to a speaker or TV"),
    (("sonos",), "Sonos"),
    (("alexa", "amazon_echo", "echo"), "Amazon Alexa"),
    (("google_home", "google home", "nest"), "Google Home"),
    (("playstation", "ps4", "ps5"), "PlayStation"),
    (("xbox",), "Xbox"),
    (("wear os", "wearos", "watch"), "Watch"),
    (("android",), "Android"),
    (("ios", "iphone", "ipad"), "iPhone / iPad"),
    (("windows",), "Windows"),
    (("os x", "macos", "mac os", "osx"), "Mac"),
    (("linux",), "Linux"),
)
UNKNOWN = "Unknown"


def platform_label(raw: str | None) -> str:
    """The family of device a play came from, in words a listener recognises.

    Args:
        raw: the export's ``platform`` value (or live sync's device type), any case.
    """
    text = (raw or "").strip().lower()
    if not text or text == "unknown":
        return UNKNOWN
    for needles, label in _RULES:
        if any(needle in text for needle in needles):
            return label
    return text.replace("_", " ").capitalize()
