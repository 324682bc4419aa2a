exports.both = "js";
