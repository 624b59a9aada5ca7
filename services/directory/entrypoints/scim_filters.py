"""SCIM filter text -> the domain's conditions, parsed by scim2-filter-parser.

Supported: `eq` and `pr` on userName, externalId, id, displayName, active, emails.value (also
written `emails`) and emails[type eq "work"].value, combined with `and` / `or`. Anything else
is a 400 invalidFilter naming the rule, never the submitted value.
"""

from __future__ import annotations

from typing import Any

from scim2_filter_parser import ast
from scim2_filter_parser.lexer import SCIMLexer
from scim2_filter_parser.parser import SCIMParser

from services.directory.domain.errors import InvalidFilter
from services.directory.domain.filters import (
    AllOf,
    AnyOf,
    Condition,
    Equals,
    Field,
    Present,
    checked,
)
from services.directory.entrypoints.scim_users import USER_SCHEMA

MAX_FILTER_LENGTH = 1_000

_SIMPLE: dict[str, Field] = {
    "username": Field.USER_NAME,
    "externalid": Field.EXTERNAL_ID,
    "id": Field.ID,
    "displayname": Field.DISPLAY_NAME,
    "active": Field.ACTIVE,
    "emails": Field.EMAIL,
}


def parse_filter(text: str | None) -> Condition | None:
    if text is None or not text.strip():
        return None
    if len(text) > MAX_FILTER_LENGTH:
        raise InvalidFilter("filter is too long")
    try:
        tree = SCIMParser().parse(SCIMLexer().tokenize(text))
    except Exception:  # the parser raises its own errors and plain ones on odd tokens
        raise InvalidFilter("filter is not valid SCIM filter syntax") from None
    if tree is None:
        raise InvalidFilter("filter is not valid SCIM filter syntax")
    return checked(_condition(tree))


def _condition(node: Any) -> Condition:
    if isinstance(node, ast.Filter):
        if node.negated:
            raise InvalidFilter("the 'not' operator is not supported")
        if node.namespace is not None:
            raise InvalidFilter("this complex attribute filter is not supported")
        return _condition(node.expr)
    if isinstance(node, ast.LogExpr):
        parts = (_condition(node.expr1), _condition(node.expr2))
        return AllOf(parts) if node.op.lower() == "and" else AnyOf(parts)
    if isinstance(node, ast.AttrExpr):
        return _comparison(node)
    raise InvalidFilter("filter is not valid SCIM filter syntax")


def _comparison(node: ast.AttrExpr) -> Condition:
    field = _field(node.attr_path)
    operator = str(node.value).lower()
    if operator == "pr":
        return Present(field)
    if operator != "eq":
        raise InvalidFilter("only the 'eq' and 'pr' operators are supported")
    raw = node.comp_value.value if node.comp_value is not None else None
    if raw is None or raw == "null":
        raise InvalidFilter("comparing with null is not supported; use 'pr'")
    if field is Field.ACTIVE:
        if str(raw).lower() not in ("true", "false"):
            raise InvalidFilter("active compares with true or false")
        return Equals(field, str(raw).lower() == "true")
    return Equals(field, str(raw))


def _field(path: Any) -> Field:
    if not isinstance(path, ast.AttrPath):
        raise InvalidFilter("filter is not valid SCIM filter syntax")
    if path.uri is not None and str(path.uri).lower() != USER_SCHEMA.lower():
        raise InvalidFilter("only attributes of the User schema can be filtered")
    if isinstance(path.attr_name, ast.Filter):
        return _work_email(path.attr_name)
    name = str(path.attr_name).lower()
    sub = str(path.sub_attr.value).lower() if path.sub_attr is not None else None
    if name == "emails" and sub in (None, "value"):
        return Field.EMAIL
    if sub is None and name in _SIMPLE:
        return _SIMPLE[name]
    raise InvalidFilter("filtering by this attribute is not supported")


def _work_email(value_filter: ast.Filter) -> Field:
    """emails[type eq "work"].value: the only value filter the directory understands."""
    namespace = value_filter.namespace
    inner = value_filter.expr
    while isinstance(inner, ast.Filter) and not inner.negated and inner.namespace is None:
        inner = inner.expr
    if (
        isinstance(namespace, ast.AttrPath)
        and str(namespace.attr_name).lower() == "emails"
        and (namespace.sub_attr is None or str(namespace.sub_attr.value).lower() == "value")
        and isinstance(inner, ast.AttrExpr)
        and str(inner.value).lower() == "eq"
        and str(inner.attr_path.attr_name).lower() == "type"
        and inner.comp_value is not None
        and str(inner.comp_value.value).lower() == "work"
    ):
        return Field.WORK_EMAIL
    raise InvalidFilter('of the value filters, only emails[type eq "work"] is supported')
