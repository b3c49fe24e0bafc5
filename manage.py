#!/usr/bin/env python
"""Django's manage.py, for habit's sake; `outward` is the same command."""

from outward.cli import main

if __name__ == "__main__":
    main()
