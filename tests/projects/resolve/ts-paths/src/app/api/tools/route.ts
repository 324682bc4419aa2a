import { composio } from "@/lib/composio";
export async function GET() { return composio.tools.get("u", { toolkits: ["GITHUB"] }); }
