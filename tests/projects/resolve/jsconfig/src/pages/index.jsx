import { composio } from "@/lib/composio";
