"""Evidence packages: a release copy signed with C2PA, with the log entries that record it.

Layered above ``audit`` and ``footage`` and below ``requests``. The pure parts
(``certificates``, ``provenance``, ``package`` and ``verify``) need no Django, so
the verifier ships to outsiders; ``keys`` and ``services`` are the installation's.
"""
