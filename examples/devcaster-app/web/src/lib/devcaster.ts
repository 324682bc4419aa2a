// Shared Devcaster client for background jobs (the HTTP server still builds its own; see server.ts).
import { Devcaster } from "@devcaster/core";
import { OpenAIProvider } from "@devcaster/openai";

export const devcaster = new Devcaster({
  apiKey: process.env.DEVCASTER_API_KEY,
  provider: new OpenAIProvider(),
  toolkitVersions: "20251027_00",
});

export const DIGEST_CHANNEL = process.env.DIGEST_CHANNEL ?? "#eng-digest";
