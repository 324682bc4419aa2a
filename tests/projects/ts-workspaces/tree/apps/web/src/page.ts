import { composio, toolNames } from "@acme/sdk";
import { composio as store } from "@acme/db";

export async function load(userId: string) {
  store.tools.get(userId);
  return composio.tools.get(userId, { tools: toolNames }); // expect: tools-get
}
