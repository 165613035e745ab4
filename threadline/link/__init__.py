"""Linking: ads that share identifiers, photos or a text template are linked into networks.

Contract with the store layer (everything here is in memory; the store persists):

* Feed one :class:`LinkAd` per ad: store id, the latest version's title + body, every normalised
  identifier of all its versions as (kind, value), site, city, day first seen. Feed a whole store to
  :meth:`LinkEngine.build` (streamed: any iterable), new or changed ads to :meth:`LinkEngine.add`.
* Apply each :class:`LinkResult` in order: delete ``retracted`` links, insert ``links`` (a
  ``Sequence[Link]``, also readable as columns), delete clusters in ``removed``, upsert ``clusters``
  (id = smallest ad id, full member list), record ``hubs``. ``rebuild_advised``: schedule a
  :meth:`LinkEngine.build` from the store.
* Before saving, call :meth:`LinkEngine.review_hubs` (and apply its result), then persist
  ``state.capture(engine)`` with :meth:`LinkState.write` (a file) or ``to_bytes()`` (a blob); restore with
  :func:`threadline.link.state.restore`.
* Template text for a template cluster: fetch the member texts (``engine.members(ad, templates=True)``)
  and call :func:`template_text`.
"""

from threadline.link.engine import LinkEngine
from threadline.link.images import phash
from threadline.link.metrics import Scores, score
from threadline.link.records import ClusterChange, Hub, Link, LinkAd, LinkResult, TemplateText
from threadline.link.settings import LinkSettings
from threadline.link.state import LinkState
from threadline.link.templates import template_text

__all__ = [
    "ClusterChange",
    "Hub",
    "Link",
    "LinkAd",
    "LinkEngine",
    "LinkResult",
    "LinkSettings",
    "LinkState",
    "Scores",
    "TemplateText",
    "phash",
    "score",
    "template_text",
]
