// connectivity-clients/confluent for the README examples: the package's entry, with the factory on the emulator.
import * as confluent from "../../../src/confluent/index.js";
import { onEmulator } from "./target.js";

export * from "../../../src/confluent/index.js";
export const createConfluentClient: typeof confluent.createConfluentClient = (options) =>
  confluent.createConfluentClient(onEmulator(options, "confluent"));
