"""A platform admin signed in to the console, over the sample program's fake services;
the header of a participants file."""

from __future__ import annotations

from typing import Any

from tests.unit.portal.console_data import PROGRAM_ID, console
from tests.unit.portal.fakes import PortalHarness, harness

BASE = f"/admin/programs/{PROGRAM_ID}"


def signed_in(**changes: Any) -> tuple[PortalHarness, Any, Any, Any]:
    matching, feedback, scheduling = console()
    h = harness(matching=matching, feedback=feedback, scheduling=scheduling)
    h.client.__enter__()
    h.sign_in()
    return h, matching, feedback, scheduling


CSV_HEADER = (
    "participant_id,role,display_name,email,department,location,timezone,languages,"
    "seniority_level,skills_offered,learning_goals,availability\n"
)
