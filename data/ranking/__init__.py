"""Event ranking with reasons: pure functions over frames (no SQL, no I/O).

``affinity`` turns a listener's plays into artist and genre affinity vectors (computed once per
data version by ``data.queries.explorer``); ``score`` blends them with distance, time, feedback
and popularity into one score per event and words for its top reasons; ``bands`` names a
score's match band and ``sponsored`` caps sponsored events in any list. The explorer, the
``events-for`` CLI and later alerts and promoter match bands all call the same functions.
"""
