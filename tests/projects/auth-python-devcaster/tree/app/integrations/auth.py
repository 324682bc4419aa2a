AUTH_CONFIGS = {
    "slack": "ac_slack_app",
    "not_a_toolkit": "ac_unknown_toolkit",
}
TOOLKIT_COLORS = {"linear": "ac_purple"}  # a map, but not of auth configs
