"""The Qt console: windows, views and the Qt models that adapt the Qt-free core in ``dispatcher``."""
