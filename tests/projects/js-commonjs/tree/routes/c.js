const { sdk } = require("../lib/short");
const short = require("../lib/short");

async function c(userId) {
  await short.composio.tools.get(userId, { toolkits: ["NOTION"] }); // expect: tools-get
  return sdk.tools.get(userId, { toolkits: ["NOTION"] }); // expect: tools-get
}
module.exports = { c };
