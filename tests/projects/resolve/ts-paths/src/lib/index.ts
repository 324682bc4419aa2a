export { composio } from "./composio";
