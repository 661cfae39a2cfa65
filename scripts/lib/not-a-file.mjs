// What every message says of a file that is not a regular file (alone here: the Redocly processes load it too).
export const NOT_A_FILE = "not a regular file (a pipe, a device or a socket)";
