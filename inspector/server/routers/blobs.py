"""Blob endpoints: which files are missing, upload status, resumable upload, download by scope."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from ...protocol import wire
from .. import blobs
from ..errors import ApiError
from .common import ERRORS, Caller, router

routes = router()
Sha = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$")]
_HASH = re.compile(r"[0-9a-f]{64}")


@routes.post("/blobs/missing", response_model=wire.BlobsMissingResponse, responses=ERRORS,
             tags=["blobs"], summary="Which of these files the server does not have yet for you")
def blobs_missing(body: wire.BlobsMissingRequest, who: Caller) -> wire.BlobsMissingResponse:
    caller = who.caller()
    if not all(_HASH.fullmatch(h) for h in body["hashes"]):
        raise ApiError(422, "invalid_request", "Every hash must be a SHA-256 in lowercase hex.",
                       "Elke hash moet een SHA-256 in kleine hexadecimale letters zijn.")
    return wire.BlobsMissingResponse(missing=blobs.missing(who.db, caller, body["hashes"]))


@routes.get("/blobs/{sha256}/status", response_model=wire.BlobStatus, responses=ERRORS,
            tags=["blobs"], summary="How much of a file has arrived (to resume an upload)")
def blob_status(sha256: Sha, who: Caller) -> dict[str, Any]:
    return blobs.status(who.db, who.caller(), sha256)


@routes.put("/blobs/{sha256}", response_model=wire.BlobStatus, responses=ERRORS, tags=["blobs"],
            summary="Upload one piece of a file at an offset; verified by SHA-256 when complete",
            openapi_extra={"requestBody": {"content": {"application/octet-stream": {
                "schema": {"type": "string", "format": "binary"}}}, "required": True}})
async def blob_put(sha256: Sha, request: Request, who: Caller,
                   offset: Annotated[int, Query(ge=0)], total: Annotated[int, Query(ge=1)]
                   ) -> dict[str, Any]:
    caller = await run_in_threadpool(who.caller)  # before reading a body of megabytes
    data = await request.body()
    return await run_in_threadpool(blobs.put_chunk, who.db, caller, sha256, offset, total, data)


@routes.get("/blobs/{sha256}", response_class=Response, tags=["blobs"],
            responses={200: {"content": {"application/octet-stream": {}}}, **ERRORS},
            summary="Download a file referred to by an attachment in your teams")
def blob_get(sha256: Sha, who: Caller) -> Response:
    return Response(blobs.fetch(who.db, who.caller(), sha256), media_type="application/octet-stream")
