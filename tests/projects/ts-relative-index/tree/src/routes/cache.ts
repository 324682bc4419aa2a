import { composio } from "../lib/db";

export function cached(userId: string) {
  return composio.tools.get(userId, { toolkits: ["GITHUB"] });
}
