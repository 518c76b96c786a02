"""The console core: talks to the central API and keeps the console's state, without Qt.

``client`` (typed HTTP client), ``events`` (live event stream with resume), ``store`` (cases kept current
by events), ``session`` (token in the keyring), ``embedded`` (the local server as a child process),
``settings``. The widgets in ``ui/`` build on these; nothing here imports Qt, ``ui`` or ``central``.
"""
