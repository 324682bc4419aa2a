import client from "../lib/devcaster";

export async function connect(userId: string, authConfigId: string) {
  const request = await client.connectedAccounts.initiate(userId, authConfigId); // expect: connect-link
  return request.redirectUrl;
}

export async function handle(userId: string, completion: unknown) {
  return client.provider.handleToolCalls(userId, completion); // expect: handle-tool-calls
}

export async function watch(userId: string, repo: string) {
  const { triggerId } = await client.triggers.create(userId, "GITHUB_COMMIT_EVENT", { // expect: trigger-unsupported
    triggerConfig: { owner: "acme", repo },
  });
  return triggerId;
}
