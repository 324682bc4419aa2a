import { Devcaster } from "@devcaster/core";

export const devcaster = new Devcaster({ apiKey: process.env.DEVCASTER_API_KEY });
