import { client } from "./clients";
import { composio } from "./sdk";

export async function viaShape(userId: string) {
  return client.tools.get(userId, { toolkits: ["GITHUB"] }); // expect: tools-get
}

export async function withOptions(userId: string, options: { toolkits: string[] }) {
  return composio.tools.get(userId, options); // expect: tools-get
}
