"""The evidence report as PDF, rendered by WeasyPrint from the same HTML.

WeasyPrint is a pure-Python renderer over Pango (a Debian library every desktop has), so no browser
runs and nothing is fetched: a URL fetcher that refuses everything keeps a hostile ad from making
the renderer reach the network. The PDF carries no creation date and its file identifier is derived
from its content, so the same HTML gives the same bytes.
"""

from __future__ import annotations

import logging

from weasyprint import HTML

from threadline.errors import UserError

# WeasyPrint logs every CSS feature it ignores at WARNING; the report is ours, so that is noise.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


def _no_fetch(url: str, timeout: int = 10, ssl_context: object = None) -> dict[str, object]:
    raise UserError("the evidence report fetches nothing")


def render_pdf(html: str) -> bytes:
    document = HTML(string=html, url_fetcher=_no_fetch, base_url="about:blank").render()
    # Without a date in the document's metadata the PDF holds none; pdf_identifier False would drop
    # the /ID, which some readers want, so it stays and is computed from the content.
    document.metadata.created = None
    document.metadata.modified = None
    pdf = document.write_pdf()
    if not isinstance(pdf, bytes):
        raise TypeError("WeasyPrint wrote no PDF")
    return pdf
