export const both = "ts";
