"""SCIM 2.0 under /scim/v2 (RFC 7644): Users, and the three discovery endpoints.

Each call is authenticated as one identity-provider connection (the `Connection` dependency)
and sees only the people that connection provisioned. Routes decode with scim2-models, call one
use case and encode; they live at module level and take their collaborators as `Annotated`
dependencies (`dependencies.py`).
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Header, Request, Response
from scim2_models import (
    Context,
    ListResponse,
    PatchOp,
    ResourceType,
    ResponseParameters,
    Schema,
    SearchRequest,
)

from services.directory.application.provisioning import Provisioning
from services.directory.domain.errors import InvalidFilter, InvalidRequest
from services.directory.domain.model import Person, PersonDraft
from services.directory.entrypoints import scim_discovery as discovery
from services.directory.entrypoints.dependencies import (
    Connection,
    MaxBodyBytes,
    ProvisioningCases,
)
from services.directory.entrypoints.scim_errors import (
    BodyTooLarge,
    ScimRoute,
    scim_error,
    scim_json,
)
from services.directory.entrypoints.scim_filters import parse_filter
from services.directory.entrypoints.scim_users import (
    DirectoryUser,
    draft_of,
    etag_of,
    user_of,
    version_in,
)

PREFIX = "/scim/v2"
IfMatch = Annotated[str | None, Header(alias="If-Match")]


def _base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/") + PREFIX


async def _json_body(request: Request, max_bytes: int) -> dict[str, Any]:
    raw = await request.body()
    if len(raw) > max_bytes:
        raise BodyTooLarge()
    try:
        payload = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise InvalidRequest("the body is not JSON") from None
    if not isinstance(payload, dict):
        raise InvalidRequest("the body must be a JSON object")
    return payload


def _parameters(request: Request) -> ResponseParameters[Any]:
    query = {k: v for k, v in request.query_params.items() if k in _RESPONSE_KEYS}
    return ResponseParameters.model_validate(query)


_ENDPOINTS = ("Users", "Schemas", "ResourceTypes", "ServiceProviderConfig")
"""Endpoints that exist: another method on them is a 405, not a 404."""
_RESPONSE_KEYS = ("attributes", "excludedAttributes")
_SEARCH_KEYS = ("filter", "startIndex", "count", "attributes", "excludedAttributes")


def _user_json(
    person: Person, request: Request, context: Context, params: ResponseParameters[Any] | None
) -> dict[str, Any]:
    user = user_of(person, _base_url(request))
    return dict(user.model_dump(scim_ctx=context, response_parameters=params))


def _with_etag(person: Person, payload: dict[str, Any], status: int = 200) -> Response:
    headers = {"ETag": etag_of(person)}
    if status == 201:
        headers["Location"] = str(payload.get("meta", {}).get("location", ""))
    return scim_json(payload, status=status, headers=headers)


router = APIRouter(prefix=PREFIX, route_class=ScimRoute, tags=["scim"], include_in_schema=True)


@router.get("/ServiceProviderConfig")
async def service_provider_config(
    request: Request, _connection: Connection, max_body_bytes: MaxBodyBytes
) -> Response:
    return scim_json(discovery.service_provider_config(_base_url(request), max_body_bytes))


@router.get("/Schemas")
async def list_schemas(request: Request, _connection: Connection) -> Response:
    return scim_json(discovery.listed(Schema, discovery.schemas(_base_url(request))))


@router.get("/Schemas/{schema_id}")
async def get_schema(schema_id: str, request: Request, _connection: Connection) -> Response:
    for schema in discovery.schemas(_base_url(request)):
        if schema.id == schema_id:
            return scim_json(discovery.one(schema))
    return scim_error(404, "no such schema")


@router.get("/ResourceTypes")
async def list_resource_types(request: Request, _connection: Connection) -> Response:
    types = discovery.resource_types(_base_url(request))
    return scim_json(discovery.listed(ResourceType, types))


@router.get("/ResourceTypes/{type_id}")
async def get_resource_type(type_id: str, request: Request, _connection: Connection) -> Response:
    for resource_type in discovery.resource_types(_base_url(request)):
        if resource_type.id == type_id:
            return scim_json(discovery.one(resource_type))
    return scim_error(404, "no such resource type")


async def _search(
    provisioning: Provisioning, connection: str, request: Request, query: dict[str, Any]
) -> Response:
    """The filter is parsed here (scim2-filter-parser), the rest by scim2-models."""
    filter_text = query.pop("filter", None)
    if filter_text is not None and not isinstance(filter_text, str):
        raise InvalidFilter("filter must be a string")
    condition = parse_filter(filter_text)
    search: SearchRequest[Any] = SearchRequest.model_validate(
        query, scim_ctx=Context.SEARCH_REQUEST
    )
    count = min(
        discovery.MAX_RESULTS,
        search.count if search.count is not None else discovery.MAX_RESULTS,
    )
    start = max(1, search.start_index or 1)
    page = await provisioning.search(connection, condition, start=start - 1, count=count)
    response = ListResponse[DirectoryUser](
        total_results=page.total,
        start_index=start,
        items_per_page=len(page.people),
        resources=[user_of(p, _base_url(request)) for p in page.people],
    )
    return scim_json(
        response.model_dump(scim_ctx=Context.SEARCH_RESPONSE, response_parameters=search)
    )


@router.get("/Users")
async def list_users(
    request: Request, connection: Connection, provisioning: ProvisioningCases
) -> Response:
    query = {k: v for k, v in request.query_params.items() if k in _SEARCH_KEYS}
    return await _search(provisioning, connection, request, dict(query))


@router.post("/Users/.search")
async def search_users(
    request: Request,
    connection: Connection,
    provisioning: ProvisioningCases,
    max_body_bytes: MaxBodyBytes,
) -> Response:
    body = await _json_body(request, max_body_bytes)
    return await _search(provisioning, connection, request, body)


@router.post("/.search")
async def search_everything(_connection: Connection) -> Response:
    return scim_error(501, "searching all resource types at once is not supported")


@router.post("/Users")
async def create_user(
    request: Request,
    connection: Connection,
    provisioning: ProvisioningCases,
    max_body_bytes: MaxBodyBytes,
) -> Response:
    body = await _json_body(request, max_body_bytes)
    user = DirectoryUser.model_validate(body, scim_ctx=Context.RESOURCE_CREATION_REQUEST)
    person = await provisioning.create(connection, draft_of(user))
    payload = _user_json(person, request, Context.RESOURCE_CREATION_RESPONSE, None)
    return _with_etag(person, payload, status=201)


@router.get("/Users/{person_id}")
async def get_user(
    person_id: str, request: Request, connection: Connection, provisioning: ProvisioningCases
) -> Response:
    person = await provisioning.get(connection, person_id)
    params = _parameters(request)
    return _with_etag(person, _user_json(person, request, Context.RESOURCE_QUERY_RESPONSE, params))


@router.put("/Users/{person_id}")
async def replace_user(
    person_id: str,
    request: Request,
    connection: Connection,
    provisioning: ProvisioningCases,
    max_body_bytes: MaxBodyBytes,
    if_match: IfMatch = None,
) -> Response:
    body = await _json_body(request, max_body_bytes)
    user = DirectoryUser.model_validate(body, scim_ctx=Context.RESOURCE_REPLACEMENT_REQUEST)
    draft = draft_of(user)
    person = await provisioning.revise(
        connection,
        person_id,
        lambda _current: draft,
        if_match=version_in(if_match),
        action="person.replaced",
    )
    payload = _user_json(person, request, Context.RESOURCE_REPLACEMENT_RESPONSE, None)
    return _with_etag(person, payload)


@router.patch("/Users/{person_id}")
async def patch_user(
    person_id: str,
    request: Request,
    connection: Connection,
    provisioning: ProvisioningCases,
    max_body_bytes: MaxBodyBytes,
    if_match: IfMatch = None,
) -> Response:
    body = await _json_body(request, max_body_bytes)
    patch = PatchOp[DirectoryUser].model_validate(body, scim_ctx=Context.RESOURCE_PATCH_REQUEST)
    base_url = _base_url(request)

    def patched(current: Person) -> PersonDraft:
        user = user_of(current, base_url)
        patch.patch(user)
        revised = user.model_dump(scim_ctx=Context.RESOURCE_REPLACEMENT_REQUEST)
        return draft_of(
            DirectoryUser.model_validate(revised, scim_ctx=Context.RESOURCE_REPLACEMENT_REQUEST)
        )

    person = await provisioning.revise(
        connection, person_id, patched, if_match=version_in(if_match), action="person.patched"
    )
    payload = _user_json(person, request, Context.RESOURCE_PATCH_RESPONSE, None)
    return _with_etag(person, payload)


@router.delete("/Users/{person_id}")
async def delete_user(
    person_id: str,
    connection: Connection,
    provisioning: ProvisioningCases,
    if_match: IfMatch = None,
) -> Response:
    await provisioning.delete(connection, person_id, if_match=version_in(if_match))
    return Response(status_code=204)


@router.api_route(
    "/{unknown:path}",
    methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
    include_in_schema=False,
)
async def unknown_endpoint(unknown: str, _connection: Connection) -> Response:
    known = unknown.strip("/").split("/")[0] in _ENDPOINTS
    if known and unknown.count("/") <= 1:
        return scim_error(405, "this method is not supported here")
    return scim_error(404, "no such endpoint")


__all__ = ["PREFIX", "router"]
