"""The analysis engine: plain tables in, frozen dataclasses out. Never imports Django.

It can be used as a library (`from outward.analytics import ...`); the web app and the
`outward analyze` command both call it.
"""
