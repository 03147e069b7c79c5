"""The Qt window. It shows and edits ``desktop_app.core``'s model; the rules live there."""

from .refcount_guard import pin_singletons

pin_singletons()  # before any Qt call: see refcount_guard for the PySide6 6.12.0 bug
