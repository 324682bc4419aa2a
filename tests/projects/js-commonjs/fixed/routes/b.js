const { client, other } = require("../lib/clients");
const { composio } = require("../lib/bundle.cjs");

async function b(userId) {
  other.tools.get(userId);
  await composio.tools.execute("NOTION_CREATE_PAGE", { userId, arguments: {} }); // expect: tools-execute
  const session = await client.create(userId, { toolkits: ["notion"] });
  return session.tools(); // expect: tools-get
}
module.exports = { b };
