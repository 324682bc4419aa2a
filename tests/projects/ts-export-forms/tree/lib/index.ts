export * from "./more";
export { default as composio } from "./client";
export { sdk } from "./client";
