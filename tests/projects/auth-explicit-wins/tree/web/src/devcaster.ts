import { Devcaster } from "@devcaster/core";
export const devcaster = new Devcaster();
