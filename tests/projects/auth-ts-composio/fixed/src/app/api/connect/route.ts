import { composio } from "@/lib/composio";

// the toolkit is named next to the id: a fact for every session of the project
export async function POST(req: Request) {
  const { userId } = await req.json();
  const session = await composio.create(userId, {
    authConfigs: { slack: "ac_slack_bot" },
  });
  const request = await session.authorize("slack"); // expect: connect-link
  return Response.json({ url: request.redirectUrl });
}
