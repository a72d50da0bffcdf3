from app import create_app
from app.config import config_from_environment

app = create_app(config_from_environment())
