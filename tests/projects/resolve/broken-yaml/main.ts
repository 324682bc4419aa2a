import "p";
