"""The centre's analytics configuration: supervision policies, assessment weights,
publication threshold and early-warning thresholds, all from ``supervision.yml``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from casebridge.analytics.assessment import AssessmentConfig
from casebridge.analytics.early_warning import WarningRules
from casebridge.analytics.errors import ConfigurationError
from casebridge.supervision_policy import Policy, SupervisionRuleError, parse_policies
from casebridge.yamlread import Doc, integer, load, mapping, number, sequence

FILE_NAME = "supervision.yml"


@dataclass(frozen=True)
class AnalyticsConfig:
    """Everything configurable about supervision, assessment, reports and warnings."""

    policies: dict[str, Policy] = field(default_factory=lambda: {"default": Policy()})
    assessment: AssessmentConfig = field(default_factory=AssessmentConfig)
    suppress_below: int = 5
    warnings: WarningRules = field(default_factory=WarningRules)
    centre_name: str = "菏泽市12345政务服务便民热线"

    @property
    def policy(self) -> Policy:
        """The default centre's policy."""
        return self.policies["default"]


def _warnings(data: Doc) -> WarningRules:
    base = WarningRules()

    def num(key: str, default: float) -> float:
        return number(data.get(key, default), key)

    def whole(key: str, default: int) -> int:
        return integer(data.get(key, default), key)

    try:
        return WarningRules(
            window=timedelta(hours=num("window_hours", base.window.total_seconds() / 3600)),
            history=whole("history", base.history),
            spike_sigma=num("spike_sigma", base.spike_sigma),
            spike_ratio=num("spike_ratio", base.spike_ratio),
            spike_min_count=whole("spike_min_count", base.spike_min_count),
            cluster_min_size=whole("cluster_min_size", base.cluster_min_size),
            cluster_growth_ratio=num("cluster_growth_ratio", base.cluster_growth_ratio),
            keywords=tuple(
                str(k) for k in sequence(data.get("keywords", base.keywords), "keywords")
            ),
            keyword_min_count=whole("keyword_min_count", base.keyword_min_count),
            keyword_ratio=num("keyword_ratio", base.keyword_ratio),
        )
    except (TypeError, ValueError) as exc:
        raise ConfigurationError(f"early_warning: {exc}") from exc


def parse_config(data: Doc) -> AnalyticsConfig:
    """From parsed YAML (see ``config/data/supervision.yml``)."""
    try:
        policies = parse_policies(data)
    except SupervisionRuleError as exc:
        raise ConfigurationError(str(exc)) from exc
    try:
        assessment = mapping(data.get("assessment"), "assessment")
        report = mapping(data.get("report"), "report")
        warnings = mapping(data.get("early_warning"), "early_warning")
    except TypeError as exc:
        raise ConfigurationError("assessment, report and early_warning must be mappings") from exc
    suppress = report.get("suppress_below", 5)
    if not isinstance(suppress, int) or suppress < 1:
        raise ConfigurationError("report.suppress_below must be a positive integer")
    return AnalyticsConfig(
        policies=policies,
        # one small-count rule: the report's threshold is also the assessment's
        assessment=AssessmentConfig.from_mapping(assessment, min_sample=suppress),
        suppress_below=suppress,
        warnings=_warnings(warnings),
        centre_name=str(report.get("centre_name", "菏泽市12345政务服务便民热线")),
    )


def load_config(config_dir: Path) -> AnalyticsConfig:
    """Read ``supervision.yml`` in ``config_dir``; built-in defaults when it is absent."""
    data = load(config_dir / FILE_NAME, ConfigurationError)
    return AnalyticsConfig() if data is None else parse_config(data)
