import { composio } from "@/lib/composio";

// github from src/config/auth.ts, slack from the connect route, gmail from .env.local
export async function GET(req: Request) {
  const userId = new URL(req.url).searchParams.get("user")!;
  const tools = await composio.tools.get(userId, { toolkits: ["GITHUB", "SLACK", "GMAIL"] }); // expect: tools-get
  return Response.json(tools);
}

// notion: nothing known (the map that names it is not of auth configs)
export async function notion(userId: string) {
  return await composio.tools.get(userId, { toolkits: ["NOTION"] }); // expect: tools-get
}
