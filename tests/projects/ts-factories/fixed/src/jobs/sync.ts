import { getDevcaster, Services, Client } from "../lib/devcaster";

export async function sync(userId: string) {
  const session = await getDevcaster().create(userId, { toolkits: ["github"] });
  await session.tools(); // expect: tools-get
  const devcasterSession = await Services.devcaster.create(userId, {
    toolkits: ["github"],
  });
  await devcasterSession.tools(); // expect: tools-get
  const mine = new Client();
  const devcasterSession_2 = await mine.create(userId, { toolkits: ["github"] });
  return devcasterSession_2.tools(); // expect: tools-get
}
