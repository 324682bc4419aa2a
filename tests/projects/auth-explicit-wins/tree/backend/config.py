GITHUB_AUTH_CONFIG_ID = "ac_gh_prod"
