import { Composio } from "@composio/core";
import { OpenAIProvider } from "@composio/openai";

const toolset = new Composio({ provider: new OpenAIProvider(), apiKey: process.env.COMPOSIO_API_KEY }); // expect: legacy-toolset

export async function GET(request) {
  const userId = new URL(request.url).searchParams.get("user");
  const session = await toolset.create(userId, {
    toolkits: ["github", "slack"],
    authConfigs: { github: "ac_gh_legacy", slack: "ac_slack_legacy" },
  });
  const tools = await session.tools(); // expect: legacy-get-tools
  return Response.json({ tools });
}
