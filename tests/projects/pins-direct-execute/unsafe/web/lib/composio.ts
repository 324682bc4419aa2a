// A pinned client another module executes tools through, under another name: unsafe.
import { Composio } from "@composio/core";

export const composio = new Composio(); // expect: toolkit-versions
