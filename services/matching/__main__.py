from services.matching.bootstrap import create_app
from services.matching.settings import MatchingSettings
from shared.runtime import serve

settings = MatchingSettings()
serve(create_app(settings), settings)
