"""Person names in Chinese text, from jieba's bundled dictionary (POS tag ``nr``).

Optional and off by default: it needs the ``jieba`` package (privacy extra),
is slower than the pattern scan, and never downloads a model.
"""

from __future__ import annotations

import re
from typing import Any

from fulcrum.assess.privacy._recognizer import Recognizer, Span, register
from fulcrum.errors import missing_extra

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


def _posseg() -> Any:
    try:
        import jieba
        import jieba.posseg
    except ModuleNotFoundError as exc:
        raise missing_extra("jieba", "privacy") from exc
    jieba.setLogLevel(60)
    return jieba.posseg


@register
class ChineseNameRecognizer(Recognizer):
    """Chinese person names tagged ``nr`` by jieba's dictionary-based segmenter."""

    entity_type = "PERSON"
    base_score = 0.6
    specificity = 30
    default_enabled = False
    language = "zh"
    context = ("姓名", "先生", "女士", "联系人", "患者", "name")
    explanation = "a word jieba's bundled dictionary tags as a person name (nr)"

    def analyze(self, text: str) -> list[Span]:
        posseg = _posseg()
        found = []
        for run in _CJK_RUN.finditer(text):
            offset = run.start()
            for pair in posseg.cut(run.group(), HMM=True):
                word, flag = pair.word, pair.flag
                if flag == "nr" and 2 <= len(word) <= 4:
                    span = self.confirm(text, offset, offset + len(word))
                    if span is not None:
                        found.append(span)
                offset += len(word)
        return found
