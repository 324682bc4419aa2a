// Nightly job: summarise yesterday's merged pull requests and post them to Slack.
// The client is injected so tests can pass a stub.
import type { Devcaster } from "@devcaster/core";
import OpenAI from "openai";
import { devcaster, DIGEST_CHANNEL } from "../lib/devcaster";

const openai = new OpenAI();

export async function runDailyDigest(client: Devcaster, userId: string, repo: string): Promise<string> {
  const [owner, name] = repo.split("/");
  const prs = await client.tools.execute("GITHUB_LIST_PULL_REQUESTS", {
    userId,
    arguments: { owner, repo: name, state: "closed", sort: "updated", direction: "desc", per_page: 50 },
    dangerouslySkipVersionCheck: true,
  });
  const summary = await openai.chat.completions.create({
    model: "gpt-4.1-mini",
    messages: [
      { role: "system", content: "Summarise merged pull requests for an engineering digest. Be brief." },
      { role: "user", content: JSON.stringify(prs.data) },
    ],
  });
  const text = summary.choices[0].message.content ?? "(no changes)";
  const slackTools = await client.tools.get(userId, { tools: ["SLACK_SEND_MESSAGE"] });
  if (slackTools.length === 0) throw new Error("Slack is not connected for the digest user");
  await client.tools.execute("SLACK_SEND_MESSAGE", {
    userId,
    arguments: { channel: DIGEST_CHANNEL, markdown_text: `*${repo}*\n${text}` },
  });
  return text;
}

if (require.main === module) {
  runDailyDigest(devcaster, process.env.DIGEST_USER_ID ?? "digest-bot", process.argv[2] ?? "acme/support-desk")
    .then((text) => console.log(text))
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
