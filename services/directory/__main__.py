"""`python -m services.directory`: run the directory service until SIGTERM."""

from services.directory.bootstrap import create_app
from services.directory.settings import DirectorySettings
from shared.runtime import serve

if __name__ == "__main__":
    settings = DirectorySettings()
    serve(create_app(settings), settings)
