"""The Qt window. It shows and edits ``desktop_app.core``'s model; the rules live there."""
