"""Charts and the advice annex, in Dutch and English.

``labels`` (every word), ``data`` (the results read once), ``figures`` (results -> Figure),
``render`` (saving), ``report`` (the HTML annex), ``command`` (the two commands).
"""
