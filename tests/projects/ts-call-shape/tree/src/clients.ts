import { Composio } from "@composio/core";
import { makeClient } from "./make";

// not provably a client (made by a helper), but from a module that imports the SDK
export const client = makeClient(Composio);
