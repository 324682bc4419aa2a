import { composio } from "../lib/nowhere";
import { other } from "../../../outside/tree";

export function lost(userId: string) {
  return [composio.tools.get(userId, { toolkits: ["GITHUB"] }), other];
}
