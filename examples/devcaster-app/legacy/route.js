// Legacy (v1/v2) Express routes for the escalation assistant, still on OpenAIToolSet from
// devcaster-core. dcmigrate's legacy-* rules carry them to the client and sessions.
const express = require("express");
const OpenAI = require("openai");
const { OpenAIToolSet } = require("devcaster-core");

const router = express.Router();
const openai = new OpenAI();
const toolset = new OpenAIToolSet({ apiKey: process.env.DEVCASTER_API_KEY });

router.post("/legacy/connect/:userId", async (req, res) => {
  const entity = await toolset.getEntity(req.params.userId);
  const connection = await entity.initiateConnection({
    appName: "github",
    redirectUri: `${process.env.APP_URL}/connected`,
  });
  res.json({ url: connection.redirectUrl });
});

router.post("/legacy/chat/:userId", async (req, res) => {
  const { userId } = req.params;
  const tools = await toolset.getTools({ apps: ["github", "slack"] }, userId);
  const completion = await openai.chat.completions.create({
    model: "gpt-4o",
    tools,
    messages: [{ role: "user", content: req.body.prompt }],
  });
  const outputs = await toolset.handleToolCall(completion, userId);
  res.json({ outputs });
});

// Triggers stay on the legacy API: sessions do not support them yet (legacy-trigger-listener).
toolset.triggers.subscribe(
  (event) => console.log("legacy trigger", event.payload),
  { appName: "github", triggerName: "GITHUB_COMMIT_EVENT" },
);

module.exports = router;
