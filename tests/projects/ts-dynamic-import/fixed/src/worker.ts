export async function handle(userId: string) {
  const { composio } = await import("./sdk");
  const session = await composio.create(userId, { toolkits: ["linear"] });
  return session.tools(); // expect: tools-get
}

export async function other(userId: string) {
  const mod = await import("./sdk.js");
  const session = await mod.composio.create(userId, { toolkits: ["linear"] });
  return session.tools(); // expect: tools-get
}
