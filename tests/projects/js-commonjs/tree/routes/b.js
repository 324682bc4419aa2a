const { client, other } = require("../lib/clients");
const { composio } = require("../lib/bundle.cjs");

async function b(userId) {
  other.tools.get(userId);
  await composio.tools.execute("NOTION_CREATE_PAGE", { userId, arguments: {} }); // expect: tools-execute
  return client.tools.get(userId, { toolkits: ["NOTION"] }); // expect: tools-get
}
module.exports = { b };
