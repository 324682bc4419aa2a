import { n } from "@/n";
