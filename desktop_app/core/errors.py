"""The one kind of failure a clerk is shown: a short Chinese message, never a traceback."""


class FormError(Exception):
    """Input that cannot be used (a bad file, a malformed value). ``message`` is for the clerk."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
