"""extract stage: identifiers out of ad text, every value with its evidence span.

One module per kind (``phones``, ``emails``, ``urls``, ``handles``, ``payment``, ``ages``,
``prices``, ``places``, ``names``), each with ``KIND``, ``find(doc, found)``, ``normalise`` and
``validate``; ``normalize``/``numwords`` fold obfuscations, ``api`` runs them all (``extract``,
``extract_many``), ``jsonio`` is the standalone stdin command, ``quality`` and ``bench`` measure.
"""
