export const dup = "b";
