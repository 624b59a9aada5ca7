"""`python -m services.directory`: run the directory service until SIGTERM."""

from services.directory.bootstrap import DirectorySettings, create_app
from shared.runtime import serve

if __name__ == "__main__":
    settings = DirectorySettings()
    serve(create_app(settings), settings)
