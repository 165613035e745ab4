"""Analysis: indicators with their evidence, network risk and modus operandi, analyst labels and a
transparent re-ranker, hotspots, movement and displacement. Every output is a lead for a human.

One module per job: ``rules`` (the indicator definitions file), ``text`` and ``adlevel`` (indicators
of one ad version), ``edits`` (edit flags from version history), ``features`` and ``risk`` (network
facts, score and M.O.), ``labels`` (analyst labels, logistic re-ranking), ``hotspots``, ``movement``,
``displacement``, ``charts`` (self-contained HTML), ``stage`` (the incremental run over a store).
"""
