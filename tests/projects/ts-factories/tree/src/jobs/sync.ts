import { getDevcaster, Services, Client } from "../lib/devcaster";

export async function sync(userId: string) {
  await getDevcaster().tools.get(userId, { toolkits: ["GITHUB"] }); // expect: tools-get
  await Services.devcaster.tools.get(userId, { toolkits: ["GITHUB"] }); // expect: tools-get
  const mine = new Client();
  return mine.tools.get(userId, { toolkits: ["GITHUB"] }); // expect: tools-get
}
