"""`python -m services.scheduling`: run the scheduling service until SIGTERM."""

from services.scheduling.bootstrap import SchedulingSettings, create_app
from shared.runtime import serve

if __name__ == "__main__":
    settings = SchedulingSettings()
    serve(create_app(settings), settings)
