export function makeClient<T>(ctor: new () => T): T {
  return new ctor();
}
