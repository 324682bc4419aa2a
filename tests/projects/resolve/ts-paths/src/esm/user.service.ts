export const svc = 1;
