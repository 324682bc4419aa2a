import { util } from "#/util";
