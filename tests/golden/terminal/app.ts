// Non-ASCII text and a multi-line call, for the full text format (tests/test_terminal.py)
import { Devcaster } from "@devcaster/core";

const devcaster = new Devcaster({
  apiKey: process.env.DEVCASTER_API_KEY,
  toolkitVersions: { github: "20251027_00" },
});

export async function greet(userId: string) {
  const label = "こんにちは 👋"; const tools = await devcaster.tools.get(userId, { toolkits: ["GITHUB"] });
  return { label, tools };
}

export async function run(userId: string) {
  const result = await devcaster.tools.execute("GITHUB_GET_THE_AUTHENTICATED_USER", {
    userId,
    arguments: {},
  });
  return result;
}
