import { createVpcClient } from "connectivity-clients/otc";
const vpc = createVpcClient({ region: "eu-de", auth: { token: "t" } });
const { data } = await vpc.GET("/v1/{project_id}/subnets", { params: { path: { project_id: "p" } } });
export const cidr = data?.subnets?.[0]?.cidrr;
