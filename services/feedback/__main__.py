from services.feedback.bootstrap import create_app
from services.feedback.settings import FeedbackSettings
from shared.runtime import serve

settings = FeedbackSettings()
serve(create_app(settings), settings)
