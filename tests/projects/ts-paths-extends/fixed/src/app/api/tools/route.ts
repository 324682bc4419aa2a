import { devcaster } from "@/server/devcaster";

export async function GET(req: Request) {
  const userId = req.headers.get("x-user") ?? "anon";
  const session = await devcaster.create(userId, { toolkits: ["slack"] });
  const tools = await session.tools(); // expect: tools-get
  return Response.json(tools);
}
