"""Evidence you can trust: content-addressed files, checked records, signed envelopes.

Files are stored by SHA-256 where every user of the database sees them (in the
database, or a configured blob folder) and their hash is checked on every read.
Evidence records are checked (the id matches the content, verdicts follow from
the checks, samples are masked); a record can arrive signed as an in-toto
Statement in a DSSE envelope by a registered signer key, otherwise it is stored
as "self-declared".
"""

from fulcrum.trust._blobs import BlobStore
from fulcrum.trust._dsse import open_envelope, sign_evidence, statement
from fulcrum.trust._integrity import checkpoint_public_key, sign_checkpoint, verify_everything
from fulcrum.trust._records import check_record, extract_record
from fulcrum.trust._service import EvidenceService, StoredEvidence

__all__ = [
    "BlobStore",
    "EvidenceService",
    "StoredEvidence",
    "check_record",
    "checkpoint_public_key",
    "extract_record",
    "open_envelope",
    "sign_checkpoint",
    "sign_evidence",
    "statement",
    "verify_everything",
]
