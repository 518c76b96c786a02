"""``python -m dispatcher`` / ``callsofia-dispatcher``: start the console.

The launcher is the one module of ``dispatcher`` allowed to import ``ui`` (the import contract ignores it):
the core itself never touches Qt.
"""

from __future__ import annotations


def main() -> int:
    from ui.app import main as run

    return run()


if __name__ == "__main__":
    raise SystemExit(main())
