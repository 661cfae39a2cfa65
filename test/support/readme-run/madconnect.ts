// connectivity-clients/madconnect for the README examples: the package's entry, with the factory on the emulator.
import * as madconnect from "../../../src/madconnect/index.js";
import { onEmulator } from "./target.js";

export * from "../../../src/madconnect/index.js";
export const createMadConnectClient: typeof madconnect.createMadConnectClient = (options) =>
  madconnect.createMadConnectClient(onEmulator(options, "madconnect"));
