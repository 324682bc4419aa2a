import { composio } from "@/lib/composio";

// the toolkit is named next to the id: a fact for every session of the project
export async function POST(req: Request) {
  const { userId } = await req.json();
  const request = await composio.toolkits.authorize(userId, "slack", "ac_slack_bot"); // expect: connect-link
  return Response.json({ url: request.redirectUrl });
}
