import { x } from "@/lib/x";
