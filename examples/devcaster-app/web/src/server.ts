// Support-desk web API (Express). Serves the React UI from ./public and exposes the agent over HTTP.
//
//   POST /api/chat                 GitHub agent loop (OpenAI chat completions + Devcaster tools)
//   POST /api/issues/draft         let the model fill in GITHUB_CREATE_ISSUE from a support ticket
//   GET  /api/connect/:toolkit     start OAuth for a toolkit; the UI redirects to redirectUrl
//   GET  /api/connect/:toolkit/status   long-poll until the user finished OAuth
//   POST /api/notify               post a message to Slack as the user
//   POST /api/watch                create a GITHUB_COMMIT_EVENT trigger for a repository
import express, { type Request, type Response } from "express";
import OpenAI from "openai";
import { Devcaster } from "@devcaster/core";
import type { ConnectionRequest } from "@devcaster/core";
import { devcaster } from "./lib/devcaster"; // the app's one client (tools, auth, execute)

// Triggers get a client of their own: they still read the pinned toolkit versions.
const triggerClient = new Devcaster({
  apiKey: process.env.DEVCASTER_API_KEY,
  toolkitVersions: {
    github: "20251027_00",
    slack: "20251027_00",
  },
});
const openai = new OpenAI();
const MODEL = process.env.OPENAI_MODEL ?? "gpt-4.1-mini";

const AUTH_CONFIGS: Record<string, string> = {
  github: process.env.GITHUB_AUTH_CONFIG_ID ?? "ac_github_config",
  slack: process.env.SLACK_AUTH_CONFIG_ID ?? "ac_slack_config",
};

// Display metadata for the tool picker in the UI (our own table, not SDK tools).
interface ToolCard {
  label: string;
  icon: string;
}
const tools = new Map<string, ToolCard>([
  ["github", { label: "GitHub", icon: "/icons/github.svg" }],
  ["slack", { label: "Slack", icon: "/icons/slack.svg" }],
]);

// OAuth requests waiting for the user to come back from the provider, keyed by `${userId}:${toolkit}`.
const pending = new Map<string, ConnectionRequest>();

const app = express();
app.use(express.json());
app.use(express.static("public"));

function userIdOf(req: Request): string {
  const id = req.header("x-user-id");
  if (!id) throw new Error("missing x-user-id header");
  return id;
}

app.get("/healthz", (_req: Request, res: Response) => {
  res.json({ ok: true });
});

app.get("/tools", (_req: Request, res: Response) => {
  res.json([...tools.keys()].map((slug) => ({ slug, ...tools.get(slug) })));
});

app.post("/api/chat", async (req: Request, res: Response) => {
  const userId = userIdOf(req);
  const agentTools = await devcaster.tools.get(userId, { toolkits: ["GITHUB"] });
  const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [
    { role: "system", content: "You are the support desk's GitHub assistant." },
    { role: "user", content: String(req.body.message ?? "") },
  ];
  for (let turn = 0; turn < 8; turn++) {
    const completion = await openai.chat.completions.create({ model: MODEL, messages, tools: agentTools });
    const message = completion.choices[0].message;
    if (!message.tool_calls?.length) {
      res.json({ reply: message.content });
      return;
    }
    const results = await devcaster.provider.handleToolCalls(userId, completion);
    messages.push(message, ...results);
  }
  res.status(504).json({ error: "agent did not finish" });
});

app.post("/api/issues/draft", async (req: Request, res: Response) => {
  const userId = userIdOf(req);
  const createIssue = await devcaster.tools.get(userId, "GITHUB_CREATE_ISSUE");
  const completion = await openai.chat.completions.create({
    model: MODEL,
    tools: createIssue,
    tool_choice: "required",
    messages: [
      { role: "system", content: "Turn the support ticket into a GitHub issue for acme/support-desk." },
      { role: "user", content: String(req.body.ticket ?? "") },
    ],
  });
  res.json({ draft: completion.choices[0].message.tool_calls?.[0] ?? null });
});

app.get("/api/connect/:toolkit", async (req: Request, res: Response) => {
  const userId = userIdOf(req);
  const toolkit = req.params.toolkit;
  const authConfigId = AUTH_CONFIGS[toolkit];
  if (!authConfigId) {
    res.status(404).json({ error: `unknown toolkit ${toolkit}` });
    return;
  }
  const callbackUrl = `${process.env.PUBLIC_URL ?? "http://localhost:3000"}/connected?toolkit=${toolkit}`;
  const connection = await devcaster.connectedAccounts.link(userId, authConfigId, { callbackUrl });
  pending.set(`${userId}:${toolkit}`, connection);
  res.json({ redirectUrl: connection.redirectUrl });
});

app.get("/api/connect/:toolkit/status", async (req: Request, res: Response) => {
  const key = `${userIdOf(req)}:${req.params.toolkit}`;
  const connection = pending.get(key);
  if (!connection) {
    res.status(404).json({ error: "no pending connection" });
    return;
  }
  const account = await connection.waitForConnection(120_000);
  pending.delete(key);
  res.json({ connectedAccountId: account.id, status: account.status });
});

app.post("/api/notify", async (req: Request, res: Response) => {
  const userId = userIdOf(req);
  const result = await devcaster.tools.execute("SLACK_SEND_MESSAGE", {
    userId,
    arguments: { channel: req.body.channel ?? "#support", markdown_text: String(req.body.text ?? "") },
    version: "20251027_00",
  });
  res.status(result.successful ? 200 : 502).json(result);
});

app.post("/api/watch", async (req: Request, res: Response) => {
  const userId = userIdOf(req);
  const { owner, repo } = req.body as { owner: string; repo: string };
  const trigger = await triggerClient.triggers.create(userId, "GITHUB_COMMIT_EVENT", {
    triggerConfig: { owner, repo },
  });
  res.status(201).json(trigger);
});

// Local development only: production receives trigger events on the webhook URL instead.
if (process.env.NODE_ENV !== "production") {
  triggerClient.triggers.subscribe(
    (event) => {
      console.log(`[trigger] ${event.triggerSlug} for ${event.userId}`, event.payload);
    },
    { triggerSlug: ["GITHUB_COMMIT_EVENT"] },
  );
}

const port = Number(process.env.PORT ?? 3000);
app.listen(port, () => {
  console.log(`support-desk web listening on :${port}`);
});
