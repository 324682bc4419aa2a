import { devcaster } from "@/server/devcaster";

export async function GET(req: Request) {
  const userId = req.headers.get("x-user") ?? "anon";
  const tools = await devcaster.tools.get(userId, { toolkits: ["SLACK"] }); // expect: tools-get
  return Response.json(tools);
}
