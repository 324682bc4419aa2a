// the directory's entry re-exports the client
export { composio } from "./client";
