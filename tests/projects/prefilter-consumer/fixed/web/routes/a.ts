import { client } from "../lib";

export async function a(userId: string) {
  const session = await client.create(userId, { toolkits: ["jira"] });
  const tools = await session.tools(); // expect: tools-get
  return tools;
}
