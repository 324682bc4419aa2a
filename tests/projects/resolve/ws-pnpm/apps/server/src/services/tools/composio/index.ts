export { getComposioClient } from "./client";
