module.exports.h = 1;
