export const AUTH_CONFIGS = {
  github: "ac_gh_oauth_app",
} as const;
export const featureFlags = { notion: "ac_flag_value" }; // a map, but not of auth configs
