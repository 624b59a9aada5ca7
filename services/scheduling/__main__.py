"""`python -m services.scheduling`: run the scheduling service until SIGTERM."""

from services.scheduling.bootstrap import create_app
from services.scheduling.settings import SchedulingSettings
from shared.runtime import serve

if __name__ == "__main__":
    settings = SchedulingSettings()
    serve(create_app(settings), settings)
