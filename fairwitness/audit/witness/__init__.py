"""A C2SP tlog-witness: cosigns checkpoints that extend what it saw before.

``witness_add_checkpoint`` is the protocol without HTTP; ``server`` wraps it in
a stdlib HTTP server; ``python -m fairwitness.audit.witness`` runs it.
"""
