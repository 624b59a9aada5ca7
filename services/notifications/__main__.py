"""`python -m services.notifications`: run the notifications service."""

from services.notifications.bootstrap import create_app
from services.notifications.settings import NotificationSettings
from shared.runtime import serve

if __name__ == "__main__":
    settings = NotificationSettings()
    serve(create_app(settings), settings)
