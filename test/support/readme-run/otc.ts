// connectivity-clients/otc for the README examples: the package's entry, with the factories on the emulator.
import * as otc from "../../../src/otc/index.js";
import { onEmulator } from "./target.js";

export * from "../../../src/otc/index.js";
export const createVpcepClient: typeof otc.createVpcepClient = (options) =>
  otc.createVpcepClient(onEmulator(options, "otc"));
export const createVpcClient: typeof otc.createVpcClient = (options) => otc.createVpcClient(onEmulator(options, "otc"));
