import { composio } from "../lib/composio";

export async function githubTools(userId: string) {
  const session = await composio.create(userId, { toolkits: ["github"] });
  return await session.tools(); // expect: tools-get
}
