import { getDevcaster, Services, Client } from "../lib/devcaster";

export async function sync(userId: string) {
  const githubSession = await getDevcaster().create(userId, { toolkits: ["github"] });
  await githubSession.tools(); // expect: tools-get
  const githubSession2 = await Services.devcaster.create(userId, {
    toolkits: ["github"],
  });
  await githubSession2.tools(); // expect: tools-get
  const mine = new Client();
  const githubSession3 = await mine.create(userId, { toolkits: ["github"] });
  return githubSession3.tools(); // expect: tools-get
}
