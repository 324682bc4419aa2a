import { client } from "../lib";

export async function a(userId: string) {
  const tools = await client.tools.get(userId, { toolkits: ["JIRA"] }); // expect: tools-get
  return tools;
}
