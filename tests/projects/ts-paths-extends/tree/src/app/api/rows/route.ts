import { devcaster } from "@/server/db";

export async function GET(userId: string) {
  return devcaster.tools.get(userId, { toolkits: ["SLACK"] });
}
