import composio from "../lib/client";

export const a = (u: string) => composio.tools.get(u, { toolkits: ["GMAIL"] }); // expect: tools-get
