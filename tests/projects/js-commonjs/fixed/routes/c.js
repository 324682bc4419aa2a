const { sdk } = require("../lib/short");
const short = require("../lib/short");

async function c(userId) {
  const notionSession = await short.composio.create(userId, { toolkits: ["notion"] });
  await notionSession.tools(); // expect: tools-get
  const notionSession2 = await sdk.create(userId, { toolkits: ["notion"] });
  return notionSession2.tools(); // expect: tools-get
}
module.exports = { c };
