const composio = require("../lib/composio");

async function a(userId) {
  const session = await composio.create(userId, { toolkits: ["notion"] });
  return session.tools(); // expect: tools-get
}
module.exports = { a };
