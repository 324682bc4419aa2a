const { sdk } = require("../lib/short");
const short = require("../lib/short");

async function c(userId) {
  const session = await short.composio.create(userId, { toolkits: ["notion"] });
  await session.tools(); // expect: tools-get
  const composioSession = await sdk.create(userId, { toolkits: ["notion"] });
  return composioSession.tools(); // expect: tools-get
}
module.exports = { c };
