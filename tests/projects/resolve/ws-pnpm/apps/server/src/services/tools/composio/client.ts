export function getComposioClient() { return null; }
