import { devcaster } from "./devcaster";

export async function toolsFor(userId: string) {
  return await devcaster.tools.get(userId, { toolkits: ["GITHUB", "SLACK"] }); // expect: tools-get
}
