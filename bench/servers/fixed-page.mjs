// A minimal keep-alive HTTP server that answers every GET with the same small JSON page: five OTC
// VPC subnets, as `GET /v1/{project_id}/subnets` returns them. Used by the per-request cost
// benchmark, so that the server does as little as possible and the same for every client.
// Reports { url, bytes } to its parent over IPC.
import { createServer } from "node:http";

const subnet = (i) => ({
  id: `4779ab1c-7c1a-44b1-a02e-93dfc361b3${String(i).padStart(2, "0")}`,
  name: `subnet-${i}`,
  description: "",
  cidr: `192.168.${i}.0/24`,
  gateway_ip: `192.168.${i}.1`,
  ipv6_enable: false,
  dhcp_enable: true,
  primary_dns: "100.125.4.25",
  secondary_dns: "100.125.129.199",
  dnsList: ["100.125.4.25", "100.125.129.199"],
  availability_zone: "eu-de-01",
  vpc_id: "3ec3b33f-ac1c-4630-ad1c-7dba1ed79d85",
  status: "ACTIVE",
  neutron_network_id: `b4ac3a9a-1c2d-4b9e-8f0a-6c1d2e3f4a${String(i).padStart(2, "0")}`,
  neutron_subnet_id: `2a1d3c4b-5e6f-4a7b-8c9d-0e1f2a3b4c${String(i).padStart(2, "0")}`,
  extra_dhcp_opts: [],
});

export const PAGE = Buffer.from(JSON.stringify({ subnets: Array.from({ length: 5 }, (_, i) => subnet(i)) }));

const server = createServer((req, res) => {
  req.resume();
  res.writeHead(200, { "content-type": "application/json", "content-length": PAGE.length });
  res.end(PAGE);
});
server.keepAliveTimeout = 120_000;
server.headersTimeout = 125_000;
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address();
  process.send({ url: `http://127.0.0.1:${port}`, bytes: PAGE.length });
});
process.on("SIGTERM", () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
process.on("disconnect", () => process.exit(0));
