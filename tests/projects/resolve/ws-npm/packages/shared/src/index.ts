export { composio } from "./lib/client";
