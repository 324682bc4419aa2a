export const authConfigs = { slack: "ac_slack_app" };
