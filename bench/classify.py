"""Benchmark: load the catalog, classify 10,000 random version-2 profiles, and the impact of a
change of law on 1,000 systems, on one core.

Targets: loading the catalog under 1 s (issue 2); 10,000 profiles under 5 s and impact over
1,000 systems under 10 s (issue 13).
Run: .venv/bin/python bench/classify.py [--profiles 10000] [--systems 1000] [--seed 0]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time

from fulcrum.catalog import load_catalog
from fulcrum.profile import FACT_VOCABULARY, Profile
from fulcrum.rules import Classifier, impact

JURISDICTIONS = ["EU", "CN", "US", "SG", "GB", "DE", "FR", "IE"]


def random_profile(rng: random.Random, index: int) -> Profile:
    """A random but valid profile touching every kind of fact."""

    def some(name: str, k: int = 3) -> list[str]:
        return rng.sample(FACT_VOCABULARY[name], rng.randint(0, k))

    def one(name: str) -> str:
        return rng.choice(FACT_VOCABULARY[name])

    return Profile(
        id=f"system-{index}",
        jurisdictions=rng.sample(JURISDICTIONS, rng.randint(1, 3)),
        role=one("role"),
        deployer_type=one("deployer_type"),
        purposes=some("purposes"),
        settings=some("settings"),
        biometric_modalities=some("biometric_modalities", 2),
        biometric_mode=one("biometric_mode"),
        law_enforcement_exception=one("law_enforcement_exception"),
        inferred_attributes=some("inferred_attributes", 2),
        emotion_recognition_reason=one("emotion_recognition_reason"),
        data_categories=some("data_categories"),
        affected_persons=rng.randint(0, 10**7),
        public_service=rng.random() < 0.5,
        public_opinion_attributes=rng.random() < 0.2,
        generative_outputs=some("generative_outputs", 2),
        general_purpose_model=rng.random() < 0.1,
        training_compute_flops=rng.choice([0.0, 1e24, 1e26]),
        automation=one("automation"),
        decision_impact=one("decision_impact"),
        profiling=rng.random() < 0.4,
        safety_or_health_risk=rng.random() < 0.2,
        human_machine_integration=rng.random() < 0.1,
        art6_3_exemption=one("art6_3_exemption"),
        # contract version 2
        is_ai_system=rng.random() < 0.95,
        scope_exclusions=some("scope_exclusions", 1),
        affected_groups=some("affected_groups", 2),
        acts_for_public_authority=rng.random() < 0.1,
        authorised_by_law_for_criminal_offences=rng.random() < 0.05,
        assistive_editing_only=rng.random() < 0.1,
        public_interest_text=rng.random() < 0.1,
        editorial_control=rng.random() < 0.1,
        annex_i_section=one("annex_i_section"),
        election_logistics_only=rng.random() < 0.05,
        lawful_dataset_labelling=rng.random() < 0.05,
        open_source_model=rng.random() < 0.1,
        placed_on_market=dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 1200)),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--profiles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--systems", type=int, default=1_000)
    args = parser.parse_args()

    loads = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        catalog = load_catalog()
        loads.append(time.perf_counter() - start)
    start = time.perf_counter()
    classifier = Classifier(catalog)
    compile_s = time.perf_counter() - start

    rng = random.Random(args.seed)
    profiles = [random_profile(rng, i) for i in range(args.profiles)]
    runs = []
    cpu = []
    obligations = 0
    for _ in range(args.repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        results = [classifier.classify(p) for p in profiles]
        runs.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        obligations = sum(len(r.obligations) for r in results)
    start = time.perf_counter()
    for r in results:
        r.to_dict()
    to_dict_s = time.perf_counter() - start

    print(
        f"catalog: {len(catalog.frameworks)} frameworks, {len(catalog.requirements)} "
        f"requirements, {len(catalog.rules)} rules, {len(catalog.mappings)} crosswalk edges"
    )
    print(
        f"load catalog (YAML + validation)  median {statistics.median(loads):.3f} s  (target < 1 s)"
    )
    print(f"compile rules                     {compile_s:.3f} s")
    print(
        f"classify {args.profiles} profiles        median {statistics.median(runs):.3f} s  "
        f"(target < 5 s), {obligations / args.profiles:.1f} obligations/profile"
    )
    # on a shared machine wall time includes waiting for a core; CPU time is the work itself
    print(f"  CPU time of the classification      median {statistics.median(cpu):.3f} s")
    print(f"  + JSON-ready output (to_dict)    {to_dict_s:.3f} s")

    systems = profiles[: args.systems]
    impacts = []
    impact_cpu = []
    for _ in range(args.repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        report = impact(systems, before=dt.date(2026, 7, 1), after=dt.date(2026, 12, 2))
        impacts.append(time.perf_counter() - start)
        impact_cpu.append(time.process_time() - start_cpu)
    print(
        f"impact of the Digital Omnibus on {len(systems)} systems  median "
        f"{statistics.median(impacts):.3f} s  (target < 10 s): {len(report.changed)} changed, "
        f"{len(report.rereview_due)} rise in tier or grade"
    )
    print(f"  CPU time of the impact analysis     median {statistics.median(impact_cpu):.3f} s")


if __name__ == "__main__":
    main()
