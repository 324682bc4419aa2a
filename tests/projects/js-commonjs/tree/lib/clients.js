const composio = require("./composio");

exports.client = composio;
module.exports.other = { tools: new Map() };
