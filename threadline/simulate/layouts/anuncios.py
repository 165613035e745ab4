"""anuncioslatinos.example: a Spanish-language site served in ISO-8859-1.

URLs: ``https://anuncioslatinos.example/anuncio/{id}/{title-slug}``. The server declares
``charset=ISO-8859-1``; characters outside Latin-1 (emoji, fullwidth or bold digits) are written as
numeric character references, as old PHP sites do, so a reader must honour the declared charset.
Fields are a ``dl.datos`` (Edad, Teléfono, Dirección, Ciudad, Publicado as ``dd/mm/yyyy hh:mm UTC``);
paragraphs are in ``div.texto``. A deleted ad answers HTTP 200 with ``div#anuncio.eliminado``.
"""

from __future__ import annotations

from typing import ClassVar

from threadline.simulate.clock import dmy_hm
from threadline.simulate.geo import Place
from threadline.simulate.layouts.base import (
    Chrome,
    Layout,
    Listed,
    attr,
    esc,
    lines_as_paragraphs,
    scramble,
    slugify,
)
from threadline.simulate.model import Ad, Content
from threadline.simulate.sites import ANUNCIOS

_LABELS = {"age": "Edad", "phone": "Teléfono", "address": "Dirección"}


class AnunciosLayout(Layout):
    site = ANUNCIOS
    boxes = frozenset({"age", "phone", "address"})
    categories: ClassVar[dict[str, str]] = {"companions": "acompanantes", "massage": "masajes"}
    content_type = "text/html; charset=ISO-8859-1"

    def encode(self, page: str) -> bytes:
        return page.encode("latin-1", "xmlcharrefreplace")

    def ad_id(self, serial: int) -> str:
        return str(1_000_000 + scramble(serial, 8_999_993, 48_271))

    def ad_url(self, ad_id: str, place: Place, category: str, title: str, phone: str | None) -> str:
        return f"https://anuncioslatinos.example/anuncio/{ad_id}/{slugify(title)}"

    def image_url(self, stem: str) -> str:
        return f"https://anuncioslatinos.example/fotos/{stem}.jpg"

    def render_boxes(self, boxes: tuple[tuple[str, str], ...]) -> str:
        return "".join(f"<dt>{_LABELS[k]}</dt><dd>{esc(v)}</dd>" for k, v in boxes)

    def content_html(self, ad: Ad, content: Content) -> str:
        datos = self.boxes_html(content.boxes)
        fotos = self.photos_html(content.images)
        return (
            f'<h1 class="titulo">{esc(content.title)}</h1>\n'
            f'<dl class="datos">{datos}<dt>Ciudad</dt><dd>{esc(ad.place.label)}</dd>'
            f"<dt>Publicado</dt><dd>{dmy_hm(ad.posted_at)} UTC</dd></dl>\n"
            f'<div class="texto">\n{lines_as_paragraphs(content)}</div>\n<div class="fotos">{fotos}</div>\n'
        )

    def _head(self, title: str) -> str:
        return (
            '<html lang="es"><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">\n'
            f"<title>{esc(title)}</title></head>\n<body>\n"
            '<div id="cabecera"><a href="/">Anuncios Latinos</a> | <a href="/publicar">Publicar gratis</a>'
            "</div>\n"
        )

    def ad_template(self, ad: Ad, content: Content) -> tuple[bytes, ...]:
        head = self._head(f"{content.title[:60]} - Anuncios Latinos {ad.place.city.name}")
        return (self.encode(f'{head}<div id="anuncio">\n{self.content_html(ad, content)}'),)

    def ad_body(self, ad: Ad, template: tuple[bytes, ...], chrome: Chrome) -> bytes:
        return template[0] + self.encode(
            f'<div class="visitas">Visto {chrome.views} veces</div>\n</div>\n'
            f'<div id="relacionados"><h3>Anuncios relacionados</h3><ul>{"".join(chrome.related)}</ul></div>\n'
            f'<div id="pie">Generado el {dmy_hm(chrome.rendered_at)} · {chrome.token}</div>\n</body></html>\n'
        )

    def removed_page(self, ad: Ad) -> tuple[int, str]:
        return 200, (
            self._head("Anuncio eliminado - Anuncios Latinos")
            + '<div id="anuncio" class="eliminado"><h1>Este anuncio ha sido eliminado</h1>\n'
            f"<p>El anuncio {ad.ad_id} ya no está disponible.</p></div>\n</body></html>\n"
        )

    def listing(self, place: Place, category: str, items: list[Listed], chrome: Chrome) -> tuple[str, str]:
        rows = "".join(
            f'<li><a href="{attr(x.url)}">{esc(x.title)}</a> <small>{dmy_hm(x.posted_at)}</small></li>\n'
            for x in items
        )
        page = (
            self._head(f"Anuncios en {place.city.name}")
            + f'<div id="lista"><h1>Anuncios en {esc(place.label)}</h1>\n<ul>\n{rows}</ul></div>\n'
            f'<div id="pie">Generado el {dmy_hm(chrome.rendered_at)} · {chrome.token}</div>\n</body></html>\n'
        )
        return f"https://anuncioslatinos.example/{place.slug}/", page
