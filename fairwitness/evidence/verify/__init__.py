"""Check an evidence package offline (and, with a log URL, against the live log).

No Django, no database: ``checks.package_verify`` is the procedure, ``__main__`` the CLI.
"""
