import { client } from "./clients";
import { composio } from "./sdk";

export async function viaShape(userId: string) {
  const session = await client.create(userId, { toolkits: ["github"] });
  return session.tools(); // expect: tools-get
}

export async function withOptions(userId: string, options: { toolkits: string[] }) {
  return composio.tools.get(userId, options); // expect: tools-get
}
