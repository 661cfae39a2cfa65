import { createVpcClient } from "connectivity-clients/otc";
const vpc = createVpcClient({ region: "eu-de", auth: { token: "t" } });
await vpc.GET("/v1/{project_id}/subnet", { params: { path: { project_id: "p" } } });
