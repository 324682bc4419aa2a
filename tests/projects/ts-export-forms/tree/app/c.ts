import * as lib from "../lib";

export async function c(u: string) {
  return lib.composio.tools.get(u, { toolkits: ["GMAIL"] }); // expect: tools-get
}
