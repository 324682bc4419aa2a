export * from "./client";
export { tools as toolNames } from "./names";
