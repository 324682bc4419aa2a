import { Composio } from "@composio/core";

const client = new Composio();
export default client;
export { client as sdk };
