"""Request bodies validated as the wire says: JSON types exactly, no silent coercion.

FastAPI validates a parsed body as Python objects, where pydantic's lax mode turns `0` into
`false` and `"42"` into `42`, and strict Python mode refuses ISO dates given as strings. The
body is re-read as JSON in strict mode instead: a JSON string is accepted for a date, a time
or a tuple-shaped array, but a number is never a boolean and a string is never a number.
As in JSON Schema, `2.0` is an integer (a number without a fractional part); `2.5` is not.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ValidatorFunctionWrapHandler, WrapValidator
from pydantic_core import PydanticCustomError


def strict_json(model: type[BaseModel]) -> WrapValidator:
    """`Annotated[Model, strict_json(Model)]`: the body validated as strict JSON; the
    OpenAPI schema stays the model's own."""

    def revalidate(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        if value is None or isinstance(value, model):
            return handler(value)
        try:
            text = json.dumps(_integral_floats_as_ints(value), allow_nan=False)
        except (TypeError, ValueError):
            return handler(value)
        return model.model_validate_json(text, strict=True)

    return WrapValidator(revalidate)


def _integral_floats_as_ints(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _integral_floats_as_ints(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_integral_floats_as_ints(item) for item in value]
    return value


def _query_flag(value: Any) -> Any:
    """A query flag is `true` or `false`, as OpenAPI serialises a boolean; not 0, 1 or yes."""
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise PydanticCustomError("bool_parsing", "Input should be true or false")


QueryFlag = Annotated[bool, BeforeValidator(_query_flag)]
