import { Composio } from "@composio/core";
import { helper } from "./b";

export const composio = new Composio();
export const run = (u: string) => helper(u);
