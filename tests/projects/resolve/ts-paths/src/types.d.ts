declare const t: number;
