"""Runtime configuration for the support-desk backend.

Values come from the environment (see ../.env.example). The toolkit version pins below were
added after the GitHub toolkit changed an argument name under us in October; the SDK reads
DEVCASTER_TOOLKIT_VERSION_<TOOLKIT> when the client is created, so they must be set before
backend.app imports the client.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

# Pin GitHub hard; Slack only when ops has not pinned it already in the deployment.
os.environ["DEVCASTER_TOOLKIT_VERSION_GITHUB"] = "20251027_00"
os.environ.setdefault("DEVCASTER_TOOLKIT_VERSION_SLACK", "20251027_00")


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    devcaster_api_key: str = field(default_factory=lambda: os.environ.get("DEVCASTER_API_KEY", ""))
    openai_api_key: str = field(default_factory=lambda: os.environ.get("OPENAI_API_KEY", ""))
    model: str = field(default_factory=lambda: os.environ.get("OPENAI_MODEL", "gpt-4.1-mini"))
    public_url: str = field(default_factory=lambda: os.environ.get("PUBLIC_URL", "http://localhost:8000"))
    github_auth_config_id: str = field(default_factory=lambda: os.environ.get("GITHUB_AUTH_CONFIG_ID", "ac_github_config"))
    slack_alerts_webhook: str = field(default_factory=lambda: os.environ.get("SLACK_ALERTS_WEBHOOK", ""))
    webhook_secret: str = field(default_factory=lambda: os.environ.get("DEVCASTER_WEBHOOK_SECRET", ""))
    port: int = field(default_factory=lambda: int(os.environ.get("PORT", "8000")))
    debug: bool = field(default_factory=lambda: _bool("DEBUG"))
    max_agent_turns: int = 8


settings = Settings()
