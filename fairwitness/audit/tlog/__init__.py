"""Pure transparency-log library: RFC 6962 Merkle trees and the C2SP formats.

Nothing here imports Django, so the sequencer, the witness and the verifier
share one implementation and every piece is tested without a database.
"""
