export { loop } from "./self";
export * from "./self";
