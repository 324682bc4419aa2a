export const tools = ["GITHUB_CREATE_ISSUE"];
