"""Controlled vocabularies of the profile contract (shared/spec/profile.md)."""

from __future__ import annotations

from typing import Literal, get_args

Role = Literal["provider", "deployer", "both"]
DeployerType = Literal["private", "public_authority", "law_enforcement"]
Setting = Literal[
    "workplace", "education", "public_space", "online", "healthcare", "vehicle", "home", "border"
]
BiometricModality = Literal["face", "fingerprint", "iris", "voice", "gait", "vein", "other"]
BiometricMode = Literal["none", "realtime", "post"]
LawEnforcementException = Literal[
    "none", "victim_search", "imminent_threat", "serious_crime_suspect"
]
InferredAttribute = Literal[
    "race",
    "political_opinions",
    "trade_union_membership",
    "religious_beliefs",
    "sex_life",
    "sexual_orientation",
    "age",
    "sex",
    "emotion",
    "other",
]
EmotionRecognitionReason = Literal["none", "medical", "safety", "other"]
DataCategory = Literal[
    "personal",
    "biometric",
    "health",
    "financial",
    "location",
    "minors",
    "criminal",
    "religious",
    "political",
    "genetic",
    "none",
]
GenerativeOutput = Literal["text", "image", "audio", "video", "code", "virtual_scene"]
Automation = Literal["advisory", "human_in_the_loop", "human_on_the_loop", "fully_automated"]
DecisionImpact = Literal["none", "minor", "significant", "legal"]
Art63Exemption = Literal[
    "none",
    "narrow_procedural_task",
    "improves_completed_human_activity",
    "detects_patterns_without_replacing_assessment",
    "preparatory_task",
]
Purpose = Literal[
    "remote_biometric_identification",
    "biometric_verification",
    "biometric_categorisation",
    "emotion_recognition",
    "critical_infrastructure_safety",
    "education_admission",
    "education_assessment",
    "education_level_assignment",
    "exam_proctoring",
    "recruitment_selection",
    "employment_decisions",
    "worker_monitoring",
    "public_benefits_eligibility",
    "credit_scoring",
    "insurance_pricing_life_health",
    "emergency_triage",
    "fraud_detection",
    "law_enforcement_victim_risk",
    "law_enforcement_polygraph",
    "law_enforcement_evidence_reliability",
    "law_enforcement_reoffending_risk",
    "law_enforcement_profiling",
    "migration_risk_assessment",
    "migration_application_examination",
    "border_identification",
    "judicial_decision_support",
    "election_influence",
    "social_scoring",
    "subliminal_manipulation",
    "exploit_vulnerabilities",
    "crime_prediction_profiling",
    "facial_image_scraping",
    "content_generation",
    "deep_synthesis",
    "chatbot",
    "recommendation",
    "spam_filtering",
    "other",
]

PURPOSES: tuple[str, ...] = get_args(Purpose)

#: For each enumerated fact, the values a rule may test; facts absent here are
#: booleans, numbers or free text. The catalog loader checks rule values against it.
FACT_VOCABULARY: dict[str, tuple[str, ...]] = {
    "role": get_args(Role),
    "deployer_type": get_args(DeployerType),
    "purposes": PURPOSES,
    "settings": get_args(Setting),
    "biometric_modalities": get_args(BiometricModality),
    "biometric_mode": get_args(BiometricMode),
    "law_enforcement_exception": get_args(LawEnforcementException),
    "inferred_attributes": get_args(InferredAttribute),
    "emotion_recognition_reason": get_args(EmotionRecognitionReason),
    "data_categories": get_args(DataCategory),
    "generative_outputs": get_args(GenerativeOutput),
    "automation": get_args(Automation),
    "decision_impact": get_args(DecisionImpact),
    "art6_3_exemption": get_args(Art63Exemption),
}
