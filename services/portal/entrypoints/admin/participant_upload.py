"""Uploading a participant file: parsed at once (line-numbered errors), imported in batches.

Through htmx the import runs in the background and the page polls its progress (rows sent of
rows read) until the report replaces it; without JavaScript the form waits for the report.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from fastapi import APIRouter
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from services.portal.application.participant_import import (
    failure_of,
    import_parsed,
    parse_upload,
    report_of,
    run_import_job,
)
from services.portal.application.ports import ImportJob
from services.portal.domain.failures import Invalid, NotFound, Problem
from services.portal.domain.security import random_token
from services.portal.entrypoints.admin.program_page import program_header
from services.portal.entrypoints.web import AdminForm, AdminPage, PageContext

router = APIRouter(prefix="/admin/programs/{program_id}")
MAX_UPLOAD_BYTES = 15_000_000
JOB_LIFETIME = timedelta(hours=1)
REPORT = "admin/partials/import_report.html"


def _answer(context: PageContext, program_id: str, **values: object) -> Response:
    template = REPORT if context.is_htmx else "admin/import.html"
    invalid = isinstance(values.get("failure"), Invalid)
    status = 422 if invalid and not context.is_htmx else 200
    defaults: dict[str, object] = {"report": None, "failure": None, "job": None, "filename": ""}
    return context.render(
        template,
        header=program_header(program_id, None),
        tab="participants",
        status=status,
        **(defaults | values),
    )


@router.post("/participants/upload")
async def upload(context: AdminForm, program_id: str) -> Response:
    form = await context.request.form()
    file = form.get("file")
    filename = file.filename if isinstance(file, UploadFile) and file.filename else ""
    try:
        if not isinstance(file, UploadFile) or not filename:
            raise Invalid(None, "no_file", [Problem("file", "choose a .csv or .jsonl file")])
        content = await file.read(MAX_UPLOAD_BYTES + 1)
        if len(content) > MAX_UPLOAD_BYTES:
            raise Invalid(None, "file_too_large", [Problem("file", "at most 15 MB per file")])
        parsed = parse_upload(filename=filename, content_type=file.content_type, content=content)
    except Invalid as invalid:
        # The form stays usable: the message takes the report's place.
        return _answer(context, program_id, failure=invalid, filename=filename)
    portal, session = context.portal, context.session
    if not context.is_htmx or portal.imports is None or session is None:
        report = await import_parsed(portal.matching, context.token, program_id, parsed)
        return _answer(context, program_id, report=report, filename=filename)
    job = ImportJob(
        job_id=random_token(),
        session_id=session.session_id,
        program_id=program_id,
        filename=filename,
        total=len(parsed.rows),
        expires_at=datetime.now(UTC) + JOB_LIFETIME,
    )
    await portal.imports.begin(job)
    task = asyncio.create_task(
        run_import_job(
            portal.imports,
            portal.matching,
            context.token,
            job_id=job.job_id,
            program_id=program_id,
            parsed=parsed,
        )
    )
    portal.background.add(task)
    task.add_done_callback(portal.background.discard)
    return _answer(context, program_id, job=job, filename=filename)


@router.get("/participants/imports/{job_id}")
async def import_progress(context: AdminPage, program_id: str, job_id: str) -> Response:
    """How far an import got; once done, its report (polled by the upload form)."""
    imports, session = context.portal.imports, context.session
    job = await imports.find(job_id) if imports is not None and len(job_id) <= 100 else None
    if job is None or session is None or job.session_id != session.session_id:
        raise NotFound(None, "import")
    if job.program_id != program_id:
        raise NotFound(None, "import")
    if not job.done:
        return _answer(context, program_id, job=job, filename=job.filename)
    failure = failure_of(job.failure) if job.failure else None
    report = report_of(job.report) if job.report else None
    return _answer(context, program_id, report=report, failure=failure, filename=job.filename)
