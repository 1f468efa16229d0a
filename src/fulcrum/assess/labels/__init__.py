"""AIGC labels: write and check the GB 45438-2025 metadata label, read C2PA manifests.

China's mandatory standard GB 45438-2025 asks providers to put an implicit label
in the metadata of every generated file: a JSON object ``AIGC`` with the fields
``Label``, ``ContentProducer``, ``ProduceID``, ``ReservedCode1``,
``ContentPropagator``, ``PropagateID`` and ``ReservedCode2``; images carry it in
XMP as ``TC260:AIGC`` under ``http://www.tc260.org.cn/ns/AIGC/1.0/``.
``add_label`` writes it into a copy of a PNG, JPEG or WebP (byte-level, the
pixels are not re-encoded), MP3 or WAV (ID3 ``TXXX:AIGC``) or MP4 (a freeform
atom), with ``ReservedCode1`` holding a digest of the other fields so that an
altered label is detected; with ``visible=True`` it also draws a visible label on
images. ``check_labels`` reads files and folders and reports each file's label
(present, fields, valid, problems), any C2PA manifest (validation state and
``digitalSourceType``, through c2pa-python) and a verdict, as evidence for GB
45438, the AIGC Labelling Measures and the EU AI Act Art. 50(2).
"""

from fulcrum.assess.labels._check import LabelsReport, check_file, check_labels, iter_files
from fulcrum.assess.labels._formats import SUPPORTED, sniff, sniff_file
from fulcrum.assess.labels._label import FIELDS, check_label, integrity_code, make_label
from fulcrum.assess.labels._write import add_label
from fulcrum.assess.labels._xmp import XMP_NS, build_xmp, find_label_in_xmp

__all__ = [
    "FIELDS",
    "SUPPORTED",
    "XMP_NS",
    "LabelsReport",
    "add_label",
    "build_xmp",
    "check_file",
    "check_label",
    "check_labels",
    "find_label_in_xmp",
    "integrity_code",
    "iter_files",
    "make_label",
    "sniff",
    "sniff_file",
]
