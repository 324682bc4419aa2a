import { devcaster } from "./devcaster";

export async function toolsFor(userId: string) {
  const session = await devcaster.create(userId, {
    toolkits: ["github", "slack"],
    authConfigs: { github: "ac_gh_prod", slack: "ac_slack_from_config" },
  });
  return await session.tools(); // expect: tools-get
}
