// The web app's Devcaster client, created once: server.ts and the jobs import it (triggers keep a
// pinned client of their own in server.ts).
import { Devcaster } from "@devcaster/core";
import { OpenAIProvider } from "@devcaster/openai";

export const devcaster = new Devcaster({
  apiKey: process.env.DEVCASTER_API_KEY,
  provider: new OpenAIProvider(),
  toolkitVersions: "20251027_00",
});

export const DIGEST_CHANNEL = process.env.DIGEST_CHANNEL ?? "#eng-digest";
