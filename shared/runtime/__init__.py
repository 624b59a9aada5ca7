"""What every service process is made of, built once in its composition root.

- `reachability`: waiting for the database or Kafka at start-up (one loop for both)
- `lifecycle`: `ServiceRuntime`, the process's parts, started and stopped in order
- `composition`: `build_runtime`, the plumbing composed from settings
- `clock_choice`: the system clock or a movable one
- `admin_clock`: `/admin/clock` to read and move the movable clock
- `operations`: `/healthz`, `/readyz`, `/metrics`
- `app`: `build_app` (HTTP and subscribers in one lifespan) and `serve`
"""

from shared.http.auth import current_principal
from shared.runtime.app import build_app, serve
from shared.runtime.composition import build_runtime
from shared.runtime.lifecycle import ServiceRuntime

__all__ = ["ServiceRuntime", "build_app", "build_runtime", "current_principal", "serve"]
