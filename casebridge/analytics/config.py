"""The centre's analytics configuration: supervision policies, assessment weights,
publication threshold and early-warning thresholds, all from ``supervision.yml``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import yaml

from casebridge.analytics.assessment import AssessmentConfig
from casebridge.analytics.early_warning import WarningRules
from casebridge.analytics.errors import ConfigurationError
from casebridge.supervision_rules import Policy, SupervisionRuleError, parse_policies

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


def _warnings(data: Mapping[str, Any]) -> WarningRules:
    base = WarningRules()
    try:
        return WarningRules(
            window=timedelta(
                hours=float(data.get("window_hours", base.window.total_seconds() / 3600))
            ),
            history=int(data.get("history", base.history)),
            spike_sigma=float(data.get("spike_sigma", base.spike_sigma)),
            spike_ratio=float(data.get("spike_ratio", base.spike_ratio)),
            spike_min_count=int(data.get("spike_min_count", base.spike_min_count)),
            cluster_min_size=int(data.get("cluster_min_size", base.cluster_min_size)),
            cluster_growth_ratio=float(data.get("cluster_growth_ratio", base.cluster_growth_ratio)),
            keywords=tuple(str(k) for k in data.get("keywords", base.keywords)),
            keyword_min_count=int(data.get("keyword_min_count", base.keyword_min_count)),
            keyword_ratio=float(data.get("keyword_ratio", base.keyword_ratio)),
        )
    except (TypeError, ValueError) as exc:
        raise ConfigurationError(f"early_warning: {exc}") from exc


def parse_config(data: Mapping[str, Any]) -> AnalyticsConfig:
    """From parsed YAML (see ``config/data/supervision.yml``)."""
    try:
        policies = parse_policies(data)
    except SupervisionRuleError as exc:
        raise ConfigurationError(str(exc)) from exc
    assessment = data.get("assessment") or {}
    report = data.get("report") or {}
    if not isinstance(assessment, Mapping) or not isinstance(report, Mapping):
        raise ConfigurationError("assessment and report must be mappings")
    suppress = report.get("suppress_below", 5)
    if not isinstance(suppress, int) or suppress < 1:
        raise ConfigurationError("report.suppress_below must be a positive integer")
    return AnalyticsConfig(
        policies=policies,
        # one small-count rule: the report's threshold is also the assessment's
        assessment=AssessmentConfig.from_mapping(assessment, min_sample=suppress),
        suppress_below=suppress,
        warnings=_warnings(data.get("early_warning") or {}),
        centre_name=str(report.get("centre_name", "菏泽市12345政务服务便民热线")),
    )


def load_config(config_dir: Path) -> AnalyticsConfig:
    """Read ``supervision.yml`` in ``config_dir``; built-in defaults when it is absent."""
    path = config_dir / FILE_NAME
    if not path.exists():
        return AnalyticsConfig()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigurationError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, Mapping):
        raise ConfigurationError(f"{path}: expected a mapping at the top")
    return parse_config(data)
