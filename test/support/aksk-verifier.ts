export * from "../../src/emulator/aksk-verifier.js";
