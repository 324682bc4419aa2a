export const dirmod = 1;
