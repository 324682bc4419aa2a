import * as lib from "../lib";

export async function c(u: string) {
  const session = await lib.composio.create(u, { toolkits: ["gmail"] });
  return session.tools(); // expect: tools-get
}
