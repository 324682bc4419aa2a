import { Devcaster } from "@devcaster/core";

export const client = new Devcaster();
