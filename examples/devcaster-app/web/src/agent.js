#!/usr/bin/env node
// Command-line triage agent (plain Node, no build step):
//   node src/agent.js <user-id> "why is the nightly build red?"
// Uses the Vercel AI SDK; tools come from Devcaster through the Vercel provider.
"use strict";

const { Devcaster } = require("@devcaster/core");
const { VercelProvider } = require("@devcaster/vercel");
const { generateText, stepCountIs } = require("ai");
const { openai } = require("@ai-sdk/openai");

const devcaster = new Devcaster({
  apiKey: process.env.DEVCASTER_API_KEY,
  provider: new VercelProvider(),
});

async function lookupRepo(userId, fullName) {
  const [owner, repo] = fullName.split("/");
  const res = await devcaster.tools.execute("GITHUB_GET_A_REPOSITORY", {
    userId,
    arguments: { owner, repo },
    dangerouslySkipVersionCheck: true,
  });
  return res.successful ? res.data : null;
}

async function main() {
  const [userId, ...rest] = process.argv.slice(2);
  const question = rest.join(" ");
  if (!userId || !question) {
    console.error('usage: node src/agent.js <user-id> "<question>"');
    process.exit(2);
  }
  const repo = await lookupRepo(userId, process.env.DEFAULT_REPO || "acme/support-desk");
  const tools = await devcaster.tools.get(userId, {
    toolkits: ["GITHUB"],
    limit: 20,
  });
  const { text } = await generateText({
    model: openai(process.env.OPENAI_MODEL || "gpt-4.1-mini"),
    system: `You help triage CI failures for ${repo ? repo.full_name : "our repositories"}.`,
    prompt: question,
    tools,
    stopWhen: stepCountIs(6),
  });
  console.log(text);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
