"""`/admin/clock`: read and move a movable clock (platform admins only)."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from shared.clock import ManualClock
from shared.http.auth import CurrentPrincipal
from shared.http.errors import Unprocessable

MAX_CLOCK_ADVANCE_SECONDS = 10 * 366 * 24 * 3600
"""Ten years: enough for any demo, and far from the overflow of a datetime."""


class ClockChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    now: AwareDatetime | None = None
    advance_seconds: float | None = Field(default=None, ge=0, le=MAX_CLOCK_ADVANCE_SECONDS)


def admin_clock_router(clock: ManualClock) -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get("/admin/clock")
    async def read_clock(principal: CurrentPrincipal) -> dict[str, str]:
        principal.require_platform_admin()
        return {"now": clock.now().isoformat()}

    @router.post("/admin/clock")
    async def move_clock(change: ClockChange, principal: CurrentPrincipal) -> dict[str, str]:
        principal.require_platform_admin()
        try:
            if change.now is not None:
                moved = clock.set(change.now)
            else:
                moved = clock.advance(timedelta(seconds=change.advance_seconds or 0))
        except ValueError as error:
            raise Unprocessable("clock_backwards", str(error)) from None
        except OverflowError:  # an instant at the very end of the calendar
            raise Unprocessable("clock_out_of_range", "instant out of range") from None
        return {"now": moved.isoformat()}

    return router
