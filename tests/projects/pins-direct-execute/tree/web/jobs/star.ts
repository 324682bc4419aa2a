import { composio as client } from "../lib/composio";

export async function star(userId: string) {
  return await client.tools.execute("GITHUB_STAR_A_REPOSITORY", { userId, arguments: { owner: "o", repo: "r" } }); // expect: tools-execute
}
