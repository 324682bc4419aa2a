export { again } from "./b";
export { composio } from "./a";
