export const dup = "a";
