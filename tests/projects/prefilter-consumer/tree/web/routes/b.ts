import { client as c } from "../lib/sdk";

export async function b(userId: string, options: { toolkits: string[] }) {
  return c.tools.get(userId, options); // expect: tools-get
}
