"""The one kind of failure a clerk is shown: a short Chinese message, never a traceback."""

from .lazyre import lazy

_SURROGATE = lazy(r"[\ud800-\udfff]")  # from a "\ud800" escape: not text, cannot be saved


class FormError(Exception):
    """Input that cannot be used (a bad file, a malformed value). ``message`` is for the clerk."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def text_value(value: object, where: str, error: type[Exception] = FormError) -> str:
    """A value read from JSON that must be text (``None`` reads as empty); ``where`` starts the
    message, e.g. ``第3行 名称``."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise error(f"{where}应为文字")
    if _SURROGATE.search(value):
        raise error(f"{where}含有无效的字符（不成对的 Unicode 代理项）")
    return value
