// a decoy package: same export name, not the SDK
export const composio = { tools: new Map<string, string>() };
