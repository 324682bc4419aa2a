export const composio = 1;
