GITHUB_INTEGRATION_ID = "ac_gh_legacy"  # v1 name of an auth config
