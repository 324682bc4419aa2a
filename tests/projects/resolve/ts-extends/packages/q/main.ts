import { a } from "~/a/a";
