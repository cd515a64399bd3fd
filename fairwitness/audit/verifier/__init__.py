"""Check a Fair Witness audit log from outside: no Django, no database, only HTTP.

``verifier.check.log_verify`` is the whole procedure; ``__main__`` is the CLI.
"""
