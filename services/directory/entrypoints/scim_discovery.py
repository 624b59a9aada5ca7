"""What the SCIM service announces about itself: /ServiceProviderConfig, /Schemas,
/ResourceTypes (RFC 7644 §4)."""

from __future__ import annotations

from typing import Any

from scim2_models import (
    AuthenticationScheme,
    Bulk,
    ChangePassword,
    Context,
    EnterpriseUser,
    ETag,
    Filter,
    ListResponse,
    Meta,
    Pagination,
    Patch,
    ResourceType,
    Schema,
    ServiceProviderConfig,
    Sort,
)

from services.directory.entrypoints.scim_users import DirectoryUser, user_schema

MAX_RESULTS = 200
"""The largest page a search returns (also the default page size)."""


def service_provider_config(base_url: str, max_body_bytes: int) -> dict[str, Any]:
    config = ServiceProviderConfig(
        patch=Patch(supported=True),
        bulk=Bulk(supported=False, max_operations=0, max_payload_size=max_body_bytes),
        filter=Filter(supported=True, max_results=MAX_RESULTS),
        change_password=ChangePassword(supported=False),
        sort=Sort(supported=False),
        etag=ETag(supported=True),
        pagination=Pagination(
            cursor=False, index=True, default_page_size=MAX_RESULTS, max_page_size=MAX_RESULTS
        ),
        authentication_schemes=[
            AuthenticationScheme(
                type=AuthenticationScheme.Type.oauthbearertoken,
                name="Bearer token",
                description="One token per identity-provider connection",
                primary=True,
            )
        ],
        meta=Meta(
            resource_type="ServiceProviderConfig", location=f"{base_url}/ServiceProviderConfig"
        ),
    )
    return config.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE)


def schemas(base_url: str) -> list[Schema]:
    found = [user_schema(), EnterpriseUser.to_schema()]
    for schema in found:
        schema.meta = Meta(resource_type="Schema", location=f"{base_url}/Schemas/{schema.id}")
    return found


def resource_types(base_url: str) -> list[ResourceType]:
    user = ResourceType.from_resource(DirectoryUser)
    user.meta = Meta(resource_type="ResourceType", location=f"{base_url}/ResourceTypes/User")
    return [user]


def listed(kind: Any, resources: list[Any]) -> dict[str, Any]:
    response = ListResponse[kind](
        total_results=len(resources),
        start_index=1,
        items_per_page=len(resources),
        resources=resources,
    )
    return dict(response.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE))


def one(resource: Any) -> dict[str, Any]:
    return dict(resource.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE))
