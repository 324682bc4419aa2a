import { composio } from "../lib/composio";

export async function githubTools(userId: string) {
  return await composio.tools.get(userId, { toolkits: ["GITHUB"] }); // expect: tools-get
}
