"""Adapter for anuncioslatinos.example (Spanish; served as ISO-8859-1 with numeric references).

Ad pages: ``/anuncio/{id}/{title-slug}``. Title ``h1.titulo``; fields in ``dl.datos`` as dt/dd
pairs (Edad, Teléfono, Dirección become extra age/phone/address; Ciudad is the location; Publicado
is ``dd/mm/yyyy hh:mm UTC``); paragraphs in ``div.texto``; photos ``div.fotos img``. Removed ads:
HTTP 200 with ``div#anuncio.eliminado``. The charset comes from the HTTP header or the ``<meta>``.
"""

from __future__ import annotations

import re

from threadline.capture.records import Capture
from threadline.gazetteer import fold
from threadline.parse.adapters._html import (
    ad_page,
    block_text,
    clean,
    gone,
    join_url,
    need,
    parse_html,
    parse_time,
)
from threadline.parse.records import PageKind, PageResult
from threadline.parse.select import every, first

SITE = "anuncioslatinos"
_AD_PATH = re.compile(r"^/anuncio/(\d+)(?:/|$)")
_EXTRA = {"edad": "age", "telefono": "phone", "direccion": "address"}


class AnunciosAdapter:
    name = SITE

    def matches(self, host: str) -> bool:
        return host == "anuncioslatinos.example"

    def parse(self, capture: Capture) -> PageResult:
        found = _AD_PATH.match(capture.parts.path)
        ad_id = found.group(1) if found else None
        if (removed := gone(SITE, ad_id, capture)) is not None:
            return removed
        if ad_id is None:
            return PageResult(PageKind.OTHER, site=SITE, note="listing")
        tree = parse_html(capture)
        if first(tree, "div#anuncio.eliminado") is not None:
            return PageResult(PageKind.REMOVED, site=SITE, ad_id=ad_id, note="removal notice")
        title = clean(need(tree, "h1.titulo", capture, "ad title").text())
        body = block_text(need(tree, "div.texto", capture, "ad body"))
        location = None
        posted_at = None
        extra: list[tuple[str, str]] = []
        datos = need(tree, "dl.datos", capture, "data list")
        label = ""
        for node in every(datos, "dt, dd"):
            if node.tag == "dt":
                label = fold(clean(node.text()))  # "Teléfono" -> "telefono", whatever the charset did
                continue
            value = clean(node.text())
            if label in _EXTRA:
                extra.append((_EXTRA[label], value))
            elif label == "ciudad":
                location = value or None
            elif label == "publicado":
                posted_at = parse_time(value, "%d/%m/%Y %H:%M UTC", capture, "fecha de publicación")
        images = tuple(
            join_url(capture, src) for img in every(tree, "div.fotos img") if (src := img.attributes.get("src"))
        )
        return ad_page(
            self.name,
            SITE,
            ad_id,
            capture,
            title=title,
            body=body,
            location=location,
            posted_at=posted_at,
            images=images,
            extra=extra,
        )
