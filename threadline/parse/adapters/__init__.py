"""Built-in code adapters, one per known site layout (the five sites of the synthetic world).

``BUILTIN_ADAPTERS`` is tried in order by the parse stage; each ``matches`` looks only at the URL
host, so the order does not matter between them.
"""

from __future__ import annotations

from threadline.parse.adapters.anuncios import AnunciosAdapter
from threadline.parse.adapters.citynights import CitynightsAdapter
from threadline.parse.adapters.pagelist import PagelistAdapter
from threadline.parse.adapters.swapmeet import SwapmeetAdapter
from threadline.parse.adapters.velvetboard import VelvetboardAdapter
from threadline.parse.base import Adapter

BUILTIN_ADAPTERS: list[Adapter] = [
    PagelistAdapter(),
    CitynightsAdapter(),
    VelvetboardAdapter(),
    AnunciosAdapter(),
    SwapmeetAdapter(),
]

__all__ = [
    "BUILTIN_ADAPTERS",
    "AnunciosAdapter",
    "CitynightsAdapter",
    "PagelistAdapter",
    "SwapmeetAdapter",
    "VelvetboardAdapter",
]
