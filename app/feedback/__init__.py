"""Anonymous feedback on step pages ("did this step help?"): the form, redaction and storage."""
from .routes import init_app  # noqa: F401
