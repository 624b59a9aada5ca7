from services.feedback.bootstrap import FeedbackSettings, create_app
from shared.runtime import serve

settings = FeedbackSettings()
serve(create_app(settings), settings)
