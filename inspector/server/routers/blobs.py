"""Blob endpoints: which files are missing, upload status, resumable upload, download by scope.

Request and response bodies stream: an upload goes to the blob store in chunks as it arrives, a
download is sent from the store chunk by chunk (``blobs.py``, ``storage/``)."""

from __future__ import annotations

import re
from typing import Annotated, Any, cast

from fastapi import Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse

from ...protocol import constants as p
from ...protocol import wire
from .. import blob_batch, blobs
from ..errors import ApiError
from ..storage import BlobStore
from .common import ERRORS, Caller, router

routes = router()
Sha = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$")]
_HASH = re.compile(r"[0-9a-f]{64}")


def _store(request: Request) -> BlobStore:
    """The app's blob store (``create_app`` puts it in ``app.state``)."""
    return cast(BlobStore, request.app.state.store)


@routes.post("/blobs/missing", response_model=wire.BlobsMissingResponse, responses=ERRORS,
             tags=["blobs"], summary="Which of these files the server does not have yet for you")
def blobs_missing(body: wire.BlobsMissingRequest, who: Caller) -> wire.BlobsMissingResponse:
    caller = who.caller()
    if not all(_HASH.fullmatch(h) for h in body["hashes"]):
        raise ApiError(422, "invalid_request", "Every hash must be a SHA-256 in lowercase hex.",
                       "Elke hash moet een SHA-256 in kleine hexadecimale letters zijn.")
    return wire.BlobsMissingResponse(missing=blobs.missing(who.db, caller, body["hashes"]))


@routes.post("/blobs/batch", response_model=wire.BlobBatchResponse, responses=ERRORS, tags=["blobs"],
             summary="Upload several whole files in one request, each verified by its SHA-256",
             openapi_extra={"requestBody": {"content": {"application/octet-stream": {
                 "schema": {"type": "string", "format": "binary"}}}, "required": True}})
async def blobs_batch(request: Request, who: Caller) -> dict[str, Any]:
    length = request.headers.get("content-length", "")
    answer = await blob_batch.upload(who.db, _store(request), who.on,
                                     int(length) if length.isdigit() else None, request.stream())
    await run_in_threadpool(who.seen)
    return answer


@routes.post("/blobs/fetch", response_class=StreamingResponse, tags=["blobs"],
             responses={200: {"content": {"application/octet-stream": {}}}, **ERRORS},
             summary="Download several files of your teams in one answer: a JSON line, then their bytes")
def blobs_fetch(body: wire.BlobFetchRequest, request: Request, who: Caller) -> StreamingResponse:
    if not all(_HASH.fullmatch(h) for h in body["hashes"]):
        raise ApiError(422, "invalid_request", "Every hash must be a SHA-256 in lowercase hex.",
                       "Elke hash moet een SHA-256 in kleine hexadecimale letters zijn.")
    size, chunks = blob_batch.fetch(who.db, _store(request), who.on, body["hashes"],
                                    body.get("max_bytes", p.MAX_CHUNK_BYTES))
    who.seen()
    return StreamingResponse(chunks, media_type="application/octet-stream",
                             headers={"Content-Length": str(size)})


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
    length = request.headers.get("content-length", "")
    answer = await blobs.put(who.db, _store(request), who.on, sha256, offset, total,  # caller checked first
                             int(length) if length.isdigit() else None, request.stream())
    await run_in_threadpool(who.seen)
    return answer


@routes.get("/blobs/{sha256}", response_class=StreamingResponse, tags=["blobs"],
            responses={200: {"content": {"application/octet-stream": {}}}, **ERRORS},
            summary="Download a file referred to by an attachment in your teams")
def blob_get(sha256: Sha, request: Request, who: Caller) -> StreamingResponse:
    size, chunks = blobs.fetch(who.db, _store(request), who.on, sha256)
    who.seen()
    return StreamingResponse(chunks, media_type="application/octet-stream",
                             headers={"Content-Length": str(size)})
