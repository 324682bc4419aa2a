// A pinned client nothing executes tools through: safe.
import { Composio } from "@composio/core";

export const quiet = new Composio({ apiKey: "k" }); // expect: toolkit-versions
