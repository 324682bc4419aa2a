export async function handle(userId: string) {
  const { composio } = await import("./sdk");
  return composio.tools.get(userId, { toolkits: ["LINEAR"] }); // expect: tools-get
}

export async function other(userId: string) {
  const mod = await import("./sdk.js");
  return mod.composio.tools.get(userId, { toolkits: ["LINEAR"] }); // expect: tools-get
}
