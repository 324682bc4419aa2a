import { composio, sdk, admin } from "../lib";

export async function b(u: string) {
  await sdk.tools.execute("GMAIL_SEND_EMAIL", { userId: u, arguments: {} }); // expect: tools-execute
  await admin.tools.execute("GMAIL_FETCH_EMAILS", { userId: u, arguments: {} }); // expect: tools-execute
  return composio.tools.get(u, { toolkits: ["GMAIL"] }); // expect: tools-get
}
