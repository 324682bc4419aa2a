import { composio } from "@/lib/composio";

// github from src/config/auth.ts, slack from the connect route, gmail from .env.local
export async function GET(req: Request) {
  const userId = new URL(req.url).searchParams.get("user")!;
  const session = await composio.create(userId, {
    toolkits: ["github", "slack", "gmail"],
    authConfigs: { github: "ac_gh_oauth_app", slack: "ac_slack_bot", gmail: "ac_gmail_workspace" },
  });
  const tools = await session.tools(); // expect: tools-get
  return Response.json(tools);
}

// notion: nothing known (the map that names it is not of auth configs)
export async function notion(userId: string) {
  const session = await composio.create(userId, { toolkits: ["notion"] });
  return await session.tools(); // expect: tools-get
}
