// a decoy factory with the same name
export function getDevcaster() {
  return { tools: new Map<string, string>() };
}
