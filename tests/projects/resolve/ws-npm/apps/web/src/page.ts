import { composio } from "@acme/shared";
