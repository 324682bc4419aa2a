"use strict";
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));

// src/server.ts
var import_express = __toESM(require("express"));
var import_openai = __toESM(require("openai"));
var import_core = require("@devcaster/core");
var import_openai2 = require("@devcaster/openai");
var devcaster = new import_core.Devcaster({
  apiKey: process.env.DEVCASTER_API_KEY,
  provider: new import_openai2.OpenAIProvider(),
  toolkitVersions: {
    github: "20251027_00",
    slack: "20251027_00"
  }
});
var openai = new import_openai.default();
var MODEL = process.env.OPENAI_MODEL ?? "gpt-4.1-mini";
var AUTH_CONFIGS = {
  github: process.env.GITHUB_AUTH_CONFIG_ID ?? "ac_github_config",
  slack: process.env.SLACK_AUTH_CONFIG_ID ?? "ac_slack_config"
};
var tools = /* @__PURE__ */ new Map([
  ["github", { label: "GitHub", icon: "/icons/github.svg" }],
  ["slack", { label: "Slack", icon: "/icons/slack.svg" }]
]);
var pending = /* @__PURE__ */ new Map();
var app = (0, import_express.default)();
app.use(import_express.default.json());
app.use(import_express.default.static("public"));
function userIdOf(req) {
  const id = req.header("x-user-id");
  if (!id) throw new Error("missing x-user-id header");
  return id;
}
app.get("/healthz", (_req, res) => {
  res.json({ ok: true });
});
app.get("/tools", (_req, res) => {
  res.json([...tools.keys()].map((slug) => ({ slug, ...tools.get(slug) })));
});
app.post("/api/chat", async (req, res) => {
  const userId = userIdOf(req);
  const agentTools = await devcaster.tools.get(userId, { toolkits: ["GITHUB"] });
  const messages = [
    { role: "system", content: "You are the support desk's GitHub assistant." },
    { role: "user", content: String(req.body.message ?? "") }
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
app.post("/api/issues/draft", async (req, res) => {
  const userId = userIdOf(req);
  const createIssue = await devcaster.tools.get(userId, "GITHUB_CREATE_ISSUE");
  const completion = await openai.chat.completions.create({
    model: MODEL,
    tools: createIssue,
    tool_choice: "required",
    messages: [
      { role: "system", content: "Turn the support ticket into a GitHub issue for acme/support-desk." },
      { role: "user", content: String(req.body.ticket ?? "") }
    ]
  });
  res.json({ draft: completion.choices[0].message.tool_calls?.[0] ?? null });
});
app.get("/api/connect/:toolkit", async (req, res) => {
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
app.get("/api/connect/:toolkit/status", async (req, res) => {
  const key = `${userIdOf(req)}:${req.params.toolkit}`;
  const connection = pending.get(key);
  if (!connection) {
    res.status(404).json({ error: "no pending connection" });
    return;
  }
  const account = await connection.waitForConnection(12e4);
  pending.delete(key);
  res.json({ connectedAccountId: account.id, status: account.status });
});
app.post("/api/notify", async (req, res) => {
  const userId = userIdOf(req);
  const result = await devcaster.tools.execute("SLACK_SEND_MESSAGE", {
    userId,
    arguments: { channel: req.body.channel ?? "#support", markdown_text: String(req.body.text ?? "") },
    version: "20251027_00"
  });
  res.status(result.successful ? 200 : 502).json(result);
});
app.post("/api/watch", async (req, res) => {
  const userId = userIdOf(req);
  const { owner, repo } = req.body;
  const trigger = await devcaster.triggers.create(userId, "GITHUB_COMMIT_EVENT", {
    triggerConfig: { owner, repo }
  });
  res.status(201).json(trigger);
});
if (process.env.NODE_ENV !== "production") {
  devcaster.triggers.subscribe(
    (event) => {
      console.log(`[trigger] ${event.triggerSlug} for ${event.userId}`, event.payload);
    },
    { triggerSlug: ["GITHUB_COMMIT_EVENT"] }
  );
}
var port = Number(process.env.PORT ?? 3e3);
app.listen(port, () => {
  console.log(`support-desk web listening on :${port}`);
});
