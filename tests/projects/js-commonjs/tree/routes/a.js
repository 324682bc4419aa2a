const composio = require("../lib/composio");

async function a(userId) {
  return composio.tools.get(userId, { toolkits: ["NOTION"] }); // expect: tools-get
}
module.exports = { a };
