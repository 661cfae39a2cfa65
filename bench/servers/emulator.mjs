// The project's emulator (connectivity-clients/emulator, from dist/) in its own process, for the
// pagination benchmark. Options come as one JSON argument ({ seed, counts, faults }); it reports
// { url, ids, credentials } over IPC and then takes { id, setFaults } / { id, clearFaults } messages,
// and { id, cpu } (answers its own CPU time so far, in µs).
import { startEmulator } from "connectivity-clients/emulator";

const options = JSON.parse(process.argv[2] ?? "{}");
try {
  const emulator = await startEmulator({ port: 0, ...options });
  process.on("message", (message) => {
    try {
      if (message.cpu) {
        const { user, system } = process.cpuUsage();
        process.send({ id: message.id, cpuUs: user + system });
        return;
      }
      if (message.setFaults) emulator.setFaults(message.setFaults);
      if (message.clearFaults) emulator.clearFaults();
      if (message.clearRequests || message.setFaults || message.clearFaults) emulator.clearRequests();
      process.send({ id: message.id, ok: true });
    } catch (error) {
      process.send({ id: message.id, error: String(error?.stack ?? error) });
    }
  });
  const close = () => emulator.close().then(() => process.exit(0));
  process.on("SIGTERM", close);
  process.on("disconnect", close);
  process.send({ url: emulator.url, ids: emulator.ids, credentials: emulator.credentials });
} catch (error) {
  process.send({ error: String(error?.stack ?? error) });
  process.exit(1);
}
