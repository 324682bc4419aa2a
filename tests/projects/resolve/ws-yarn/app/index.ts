import { core } from "@y/core";
