import { composio } from "./a";
export { composio as again } from "./c";

export const helper = (u: string) => composio.tools.get(u, { toolkits: ["GITHUB"] }); // expect: tools-get
