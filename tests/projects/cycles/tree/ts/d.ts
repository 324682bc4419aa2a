import { again } from "./c";

export const d = (u: string) => again.tools.get(u, { toolkits: ["GITHUB"] }); // expect: tools-get
