import client from "./client";

export const admin = client;
