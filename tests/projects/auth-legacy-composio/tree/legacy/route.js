import { OpenAIToolSet } from "composio-core";

const toolset = new OpenAIToolSet({ apiKey: process.env.COMPOSIO_API_KEY }); // expect: legacy-toolset

export async function GET(request) {
  const userId = new URL(request.url).searchParams.get("user");
  const tools = await toolset.getTools({ apps: ["github", "slack"] }, userId); // expect: legacy-get-tools
  return Response.json({ tools });
}
