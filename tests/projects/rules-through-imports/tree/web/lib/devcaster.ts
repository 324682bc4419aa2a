import { Devcaster } from "@devcaster/core";
import { OpenAIProvider } from "@devcaster/openai";

export default new Devcaster({ provider: new OpenAIProvider() });
