import { devcaster } from "~server/devcaster";
import { devcaster as db } from "@/server/db";

export async function POST(req: Request) {
  const { userId, text } = await req.json();
  await db.query("insert into runs values ($1)", [userId]);
  return devcaster.tools.execute("SLACK_SEND_MESSAGE", { userId, arguments: { text } }); // expect: tools-execute
}
