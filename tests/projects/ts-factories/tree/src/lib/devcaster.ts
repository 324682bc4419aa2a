import { Devcaster } from "@devcaster/core";
import { OpenAIProvider } from "@devcaster/openai";

let instance: Devcaster | undefined;

export function getDevcaster(): Devcaster {
  instance ??= new Devcaster({ provider: new OpenAIProvider() });
  return instance;
}

export class Services {
  static readonly devcaster = new Devcaster();
}

export { Devcaster as Client };
