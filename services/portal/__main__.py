"""`python -m services.portal`: run the web portal until SIGTERM."""

import uvicorn

from services.portal.bootstrap import create_app
from services.portal.settings import PortalSettings

if __name__ == "__main__":
    settings = PortalSettings()  # type: ignore[call-arg]  # required values come from env
    uvicorn.run(
        create_app(settings),
        host=settings.http_host,
        port=settings.http_port,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=10,
    )
