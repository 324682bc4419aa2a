// a decoy: a cache client exported under the SDK's name, with a `tools` map
import { createClient } from "redis";

export const composio = Object.assign(createClient(), { tools: new Map<string, unknown>() });
