import { devcaster } from "./devcaster";

export async function toolsFor(userId: string) {
  const session = await devcaster.create(userId, {
    toolkits: ["github", "slack"],
    authConfigs: { slack: "ac_slack_app" },
  });
  return await session.tools(); // expect: tools-get
}
