"""The case page's "download evidence package": the same signed, canonical ZIP as
``threadline export case``, for members of the case (analysts and up; anyone else gets 404, as for
the case page). The download is the dissemination: its one audit record names the recipient and
reason given in the form, the operator, the time and the manifest's SHA-256.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from threadline.accounts.users import Role
from threadline.errors import NotFound
from threadline.export import package
from threadline.export.custody import NOT_STATED, Dissemination, describe
from threadline.export.data import case_bundle
from threadline.export.formats import package_files
from threadline.export.package import manifest_sha256, pack_zip, package_contents
from threadline.store import cases as store_cases
from threadline.web.auth import Principal, audit, require_user
from threadline.web.context import Web, web

router = APIRouter()
Ctx = Annotated[Web, Depends(web)]
Analyst = Annotated[Principal, Depends(require_user(Role.analyst))]
Free = Annotated[str, Query(max_length=300)]


def _is_member(ctx: Web, case_id: int, user_id: int) -> bool:
    with ctx.store.connect() as conn:
        return store_cases.visible_case(conn, case_id, user_id) is not None


@router.get("/cases/{case_id}/evidence.zip")
def evidence_package(case_id: int, ctx: Ctx, principal: Analyst, to: Free = NOT_STATED,
                     reason: Free = NOT_STATED) -> Response:  # fmt: skip
    if not _is_member(ctx, case_id, principal.user.id):
        audit(ctx, principal, "view-case", f"case:{case_id}", "not-found")
        raise NotFound(f"no case {case_id}")
    bundle = case_bundle(ctx.store, case_id)
    key = package.load_or_create(package.signing_key_path(ctx.config))
    contents = package_contents(bundle.subject, package_files(ctx.store, bundle), key)
    d = Dissemination(bundle.subject, "package", to.strip() or NOT_STATED, reason.strip() or NOT_STATED,
                      manifest_sha256(contents))  # fmt: skip
    audit(ctx, principal, "export", describe(d))
    headers = {"Content-Disposition": f'attachment; filename="case-{case_id}-evidence.zip"'}
    return Response(pack_zip(contents), media_type="application/zip", headers=headers)
