const { Composio } = require("@composio/core");

const composio = new Composio();
module.exports = { sdk: composio, composio };
