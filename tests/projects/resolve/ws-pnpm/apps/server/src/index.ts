import { s } from "@mono/shared";
import { initializeComposioTools } from "./services/tools/composio";
