import { Composio } from "@composio/core";

export const composio = new Composio();
