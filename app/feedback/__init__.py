"""Anonymous feedback on step pages ("did this step help?"): the form, redaction and storage."""


def init_app(app) -> None:
    from . import routes
    routes.init_app(app)
