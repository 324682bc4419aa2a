import { composio } from "../lib/composio/client.js";

export async function star(userId: string, repo: string) {
  return composio.tools.execute("GITHUB_STAR_A_REPOSITORY_FOR_THE_AUTHENTICATED_USER", { userId, arguments: { repo } }); // expect: tools-execute
}
