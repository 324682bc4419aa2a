import { getDevcaster } from "../lib/cache";

export const cached = (u: string) => getDevcaster().tools.get(u);
