"""Settings: the auth config ids created in the dashboard (white-labelled OAuth apps)."""
import os

GITHUB_AUTH_CONFIG_ID = os.getenv("GITHUB_AUTH_CONFIG_ID", "ac_gh_white_label")
HVAC_MODE = "ac_cool"  # an ac_ string that is no auth config
GITHUB_CACHE_KEY = "ac_github_cache"  # names a toolkit, but not an auth config
