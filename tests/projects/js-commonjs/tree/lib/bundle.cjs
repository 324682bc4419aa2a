const { Composio } = require("@composio/core");

module.exports = { composio: new Composio(), version: "1" };
