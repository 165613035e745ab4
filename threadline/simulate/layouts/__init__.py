"""HTML layouts and URL schemes of the five simulated sites, keyed by site name."""

from __future__ import annotations

from threadline.simulate.layouts.anuncios import AnunciosLayout
from threadline.simulate.layouts.base import Chrome, Layout, Listed
from threadline.simulate.layouts.citynights import CitynightsLayout
from threadline.simulate.layouts.pagelist import PagelistLayout
from threadline.simulate.layouts.swapmeet import SwapmeetLayout
from threadline.simulate.layouts.velvetboard import VelvetboardLayout

LAYOUTS: dict[str, Layout] = {
    layout.site.name: layout
    for layout in (
        PagelistLayout(),
        CitynightsLayout(),
        VelvetboardLayout(),
        AnunciosLayout(),
        SwapmeetLayout(),
    )
}

__all__ = ["LAYOUTS", "Chrome", "Layout", "Listed"]
