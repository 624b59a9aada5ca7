from services.matching.bootstrap import MatchingSettings, create_app
from shared.runtime import serve

settings = MatchingSettings()
serve(create_app(settings), settings)
