"""Generative-AI safety evidence: refusal tests of a model service (GB/T 45654-2025).

A *test bank* is a JSON Lines file of prompts, each with the behaviour expected of
the model (``refuse`` or ``answer``), a risk category (a GB/T 45654-2025 Annex A id
such as ``A.1.4``, or another taxonomy's) and a language. ``validate_bank`` checks a
bank against the standard's size and coverage rules, read from the catalog
(``cn-gbt-45654:test-banks``). ``run_bank`` sends the prompts to any
OpenAI-compatible chat-completions endpoint with bounded concurrency, a rate
limit, retries with backoff on 429/5xx and timeouts, appending one JSON line per
item so an interrupted run resumes where it stopped. ``score_run`` judges each
answer (explainable Chinese and English refusal rules, or an LLM judge through the
same protocol, its accuracy measured on a hand-labelled set), computes the
refusal rate of each behaviour with Wilson intervals, and checks them against the
standard's limits (``cn-gbt-45654:refusal-rates``): an undersized sample is
``inconclusive``. The bundled starter bank (and a small bank of prompt-injection and
jailbreak probes) are written by the Fulcrum project as examples; they are not the
standard's bank and are far smaller than the standard asks.
"""

from fulcrum.assess.genai._bank import (
    BankItem,
    load_bank,
    probes_bank_path,
    sample_bank,
    starter_bank_path,
)
from fulcrum.assess.genai._judge import (
    Judge,
    Judgement,
    LlmJudge,
    RuleJudge,
    judge_accuracy,
    judge_labels_path,
    load_labels,
)
from fulcrum.assess.genai._runner import (
    RunConfig,
    RunSummary,
    complete_many,
    is_answered,
    read_run,
    run_bank,
    run_bank_async,
)
from fulcrum.assess.genai._score import GenaiScore, score_run
from fulcrum.assess.genai._stats import wilson
from fulcrum.assess.genai._taxonomy import gbt45654_risks, risk_group
from fulcrum.assess.genai._validate import BankReport, validate_bank

__all__ = [
    "BankItem",
    "BankReport",
    "GenaiScore",
    "Judge",
    "Judgement",
    "LlmJudge",
    "RuleJudge",
    "RunConfig",
    "RunSummary",
    "complete_many",
    "gbt45654_risks",
    "is_answered",
    "judge_accuracy",
    "judge_labels_path",
    "load_bank",
    "load_labels",
    "probes_bank_path",
    "read_run",
    "risk_group",
    "run_bank",
    "run_bank_async",
    "sample_bank",
    "score_run",
    "starter_bank_path",
    "validate_bank",
    "wilson",
]
