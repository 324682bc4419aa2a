import { a } from "./a.js";
