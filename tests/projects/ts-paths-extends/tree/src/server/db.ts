// a decoy: the database client is also called `devcaster` here
import { Pool } from "pg";

export const devcaster = new Pool();
